package io.spidernet.spiderpool.cni;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A small stand-in for GraalVM's tracing agent, which cannot be had here: a {@code -javaagent}
 * that rewrites every class the application loads (not the JDK's) so that each call of a
 * reflective JDK method goes through a method of this class, which records what was looked up and
 * then makes the call. What a native image must have registered is exactly what application and
 * library code looks up reflectively; the JDK's own reflection is the builder's business.
 *
 * <p>Each record is a line: {@code kind <TAB> type <TAB> member <TAB> parameter types}, appended
 * to the file named by the agent argument at once (the CNI program ends with
 * {@code Runtime.halt}, so nothing may wait for a shutdown hook). A call of a reflective API the
 * recorder has no wrapper for is recorded as {@code unhandled} when its class is loaded, so the
 * test fails rather than missing it.
 */
public final class ReflectionRecorder {
    private static final String SELF = ReflectionRecorder.class.getName().replace('.', '/');
    private static FileOutputStream out;

    /** owner class, method name and descriptor of a reflective call → the wrapper that replaces it. */
    private static final Map<String, String> WRAPPERS = Map.ofEntries(
            Map.entry("java/lang/Class.forName(Ljava/lang/String;)Ljava/lang/Class;", "forName"),
            Map.entry("java/lang/Class.forName(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", "forName"),
            Map.entry("java/lang/ClassLoader.loadClass(Ljava/lang/String;)Ljava/lang/Class;", "loadClass"),
            Map.entry("java/lang/Class.getDeclaredMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;", "getDeclaredMethod"),
            Map.entry("java/lang/Class.getMethod(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;", "getMethod"),
            Map.entry("java/lang/Class.getDeclaredConstructor([Ljava/lang/Class;)Ljava/lang/reflect/Constructor;", "getDeclaredConstructor"),
            Map.entry("java/lang/Class.getConstructor([Ljava/lang/Class;)Ljava/lang/reflect/Constructor;", "getConstructor"),
            Map.entry("java/lang/Class.getDeclaredField(Ljava/lang/String;)Ljava/lang/reflect/Field;", "getDeclaredField"),
            Map.entry("java/lang/Class.getField(Ljava/lang/String;)Ljava/lang/reflect/Field;", "getField"),
            Map.entry("java/lang/Class.getDeclaredMethods()[Ljava/lang/reflect/Method;", "getDeclaredMethods"),
            Map.entry("java/lang/Class.getMethods()[Ljava/lang/reflect/Method;", "getMethods"),
            Map.entry("java/lang/Class.getDeclaredFields()[Ljava/lang/reflect/Field;", "getDeclaredFields"),
            Map.entry("java/lang/Class.getFields()[Ljava/lang/reflect/Field;", "getFields"),
            Map.entry("java/lang/Class.getDeclaredConstructors()[Ljava/lang/reflect/Constructor;", "getDeclaredConstructors"),
            Map.entry("java/lang/Class.getConstructors()[Ljava/lang/reflect/Constructor;", "getConstructors"),
            Map.entry("java/lang/Class.getRecordComponents()[Ljava/lang/reflect/RecordComponent;", "getRecordComponents"),
            Map.entry("java/lang/Class.getResource(Ljava/lang/String;)Ljava/net/URL;", "getResource"),
            Map.entry("java/lang/invoke/MethodHandles$Lookup.findStatic(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/MethodHandle;", "findStatic"),
            Map.entry("java/lang/invoke/MethodHandles$Lookup.findVirtual(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/MethodHandle;", "findVirtual"),
            Map.entry("java/lang/invoke/MethodHandles$Lookup.findConstructor(Ljava/lang/Class;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/MethodHandle;", "findConstructor"),
            Map.entry("java/lang/invoke/MethodHandles$Lookup.findVarHandle(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/invoke/VarHandle;", "findVarHandle"),
            Map.entry("java/lang/invoke/MethodHandles$Lookup.findGetter(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/invoke/MethodHandle;", "findGetter"));

    /**
     * Reflective APIs without a wrapper: a class that calls one is recorded as {@code unhandled}
     * when it loads (owner, or owner.name for owners that also have harmless methods).
     */
    private static final Set<String> UNHANDLED = Set.of(
            "java/lang/reflect/Proxy", "java/util/ServiceLoader", "java/lang/reflect/Array.newInstance",
            "java/lang/Class.newInstance", "java/lang/Class.getResourceAsStream", "java/lang/ClassLoader.getResource",
            "java/lang/ClassLoader.getResources", "java/lang/ClassLoader.getResourceAsStream",
            "java/lang/ClassLoader.getSystemResource", "java/lang/ClassLoader.getSystemResourceAsStream",
            "java/lang/invoke/MethodHandles$Lookup.findSpecial", "java/lang/invoke/MethodHandles$Lookup.findSetter",
            "java/lang/invoke/MethodHandles$Lookup.findStaticGetter", "java/lang/invoke/MethodHandles$Lookup.findStaticSetter",
            "java/lang/invoke/MethodHandles$Lookup.findStaticVarHandle", "java/lang/invoke/MethodHandles$Lookup.findClass",
            "java/lang/invoke/MethodHandles$Lookup.unreflect", "java/lang/Class.getEnclosingMethod",
            "java/lang/Class.getPermittedSubclasses", "java/lang/Class.getNestMembers", "java/lang/Class.getDeclaredClasses",
            "java/lang/Class.getClasses");

    private ReflectionRecorder() {}

    public static void premain(String outputFile, Instrumentation instrumentation) throws IOException {
        out = new FileOutputStream(outputFile, true);
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                    ProtectionDomain domain, byte[] classfile) {
                if (loader == null || loader == ClassLoader.getPlatformClassLoader() || className == null
                        || className.equals(SELF) || className.startsWith(SELF + "$")) {
                    return null;
                }
                try {
                    return rewrite(classfile);
                } catch (RuntimeException e) {
                    record("failed", className.replace('/', '.'), e.toString(), "");
                    return null;
                }
            }
        });
    }

    /** The reflective call sites of one class: owner.name(descriptor), wrapped ones and unhandled ones alike. */
    static List<String> reflectiveCallSites(byte[] classfile) {
        List<String> sites = new ArrayList<>();
        ClassModel model = ClassFile.of().parse(classfile);
        for (MethodModel method : model.methods()) {
            method.code().ifPresent(code -> {
                for (CodeElement element : code) {
                    if (element instanceof InvokeInstruction invoke) {
                        String site = site(invoke);
                        if (WRAPPERS.containsKey(site) || unhandled(invoke)) {
                            sites.add(model.thisClass().asInternalName() + "." + method.methodName().stringValue() + " -> " + site);
                        }
                    }
                }
            });
        }
        return sites;
    }

    private static byte[] rewrite(byte[] classfile) {
        ClassFile files = ClassFile.of();
        ClassModel model = files.parse(classfile);
        if (reflectiveCallSites(classfile).isEmpty()) {
            return null;
        }
        String className = model.thisClass().asInternalName().replace('/', '.');
        ClassDesc self = ClassDesc.ofInternalName(SELF);
        CodeTransform wrap = (builder, element) -> {
            if (element instanceof InvokeInstruction invoke) {
                String wrapper = WRAPPERS.get(site(invoke));
                if (wrapper != null) {
                    MethodTypeDesc type = invoke.typeSymbol();
                    if (invoke.opcode() != java.lang.classfile.Opcode.INVOKESTATIC) {
                        type = type.insertParameterTypes(0, invoke.owner().asSymbol());
                    }
                    builder.invokestatic(self, wrapper, type);
                    return;
                }
                if (unhandled(invoke)) {
                    record("unhandled", className, site(invoke), "");
                }
            }
            builder.with(element);
        };
        return files.transformClass(model, ClassTransform.transformingMethodBodies(wrap));
    }

    private static String site(InvokeInstruction invoke) {
        return invoke.owner().asInternalName() + "." + invoke.name().stringValue() + invoke.type().stringValue();
    }

    private static boolean unhandled(InvokeInstruction invoke) {
        String owner = invoke.owner().asInternalName();
        return UNHANDLED.contains(owner) || UNHANDLED.contains(owner + "." + invoke.name().stringValue());
    }

    static synchronized void record(String kind, String type, String member, String parameters) {
        if (out == null) {
            return;
        }
        try {
            out.write((kind + "\t" + type + "\t" + member + "\t" + parameters + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String names(Class<?>... types) {
        return types == null ? "" : Arrays.stream(types).map(Class::getTypeName).collect(Collectors.joining(","));
    }

    // The wrappers: record, then make the original call. A lookup that fails is recorded too:
    // a native image answers it only if the element was registered (or registered as missing).

    public static Class<?> forName(String name) throws ClassNotFoundException {
        record("type", name, "", "");
        return Class.forName(name);
    }

    public static Class<?> forName(String name, boolean initialize, ClassLoader loader) throws ClassNotFoundException {
        record("type", name, "", "");
        return Class.forName(name, initialize, loader);
    }

    public static Class<?> loadClass(ClassLoader loader, String name) throws ClassNotFoundException {
        record("type", name, "", "");
        return loader.loadClass(name);
    }

    public static Method getDeclaredMethod(Class<?> c, String name, Class<?>... parameters) throws NoSuchMethodException {
        record("method", c.getTypeName(), name, names(parameters));
        return c.getDeclaredMethod(name, parameters);
    }

    public static Method getMethod(Class<?> c, String name, Class<?>... parameters) throws NoSuchMethodException {
        record("method", c.getTypeName(), name, names(parameters));
        return c.getMethod(name, parameters);
    }

    public static Constructor<?> getDeclaredConstructor(Class<?> c, Class<?>... parameters) throws NoSuchMethodException {
        record("method", c.getTypeName(), "<init>", names(parameters));
        return c.getDeclaredConstructor(parameters);
    }

    public static Constructor<?> getConstructor(Class<?> c, Class<?>... parameters) throws NoSuchMethodException {
        record("method", c.getTypeName(), "<init>", names(parameters));
        return c.getConstructor(parameters);
    }

    public static Field getDeclaredField(Class<?> c, String name) throws NoSuchFieldException {
        record("field", c.getTypeName(), name, "");
        return c.getDeclaredField(name);
    }

    public static Field getField(Class<?> c, String name) throws NoSuchFieldException {
        record("field", c.getTypeName(), name, "");
        return c.getField(name);
    }

    public static Method[] getDeclaredMethods(Class<?> c) {
        record("allDeclaredMethods", c.getTypeName(), "", "");
        return c.getDeclaredMethods();
    }

    public static Method[] getMethods(Class<?> c) {
        record("allPublicMethods", c.getTypeName(), "", "");
        return c.getMethods();
    }

    public static Field[] getDeclaredFields(Class<?> c) {
        record("allDeclaredFields", c.getTypeName(), "", "");
        return c.getDeclaredFields();
    }

    public static Field[] getFields(Class<?> c) {
        record("allPublicFields", c.getTypeName(), "", "");
        return c.getFields();
    }

    public static Constructor<?>[] getDeclaredConstructors(Class<?> c) {
        record("allDeclaredConstructors", c.getTypeName(), "", "");
        return c.getDeclaredConstructors();
    }

    public static Constructor<?>[] getConstructors(Class<?> c) {
        record("allPublicConstructors", c.getTypeName(), "", "");
        return c.getConstructors();
    }

    public static RecordComponent[] getRecordComponents(Class<?> c) {
        // a record's components are read through its accessor methods
        record("allDeclaredMethods", c.getTypeName(), "", "");
        return c.getRecordComponents();
    }

    public static URL getResource(Class<?> c, String name) {
        record("resource", c.getTypeName(), name, "");
        return c.getResource(name);
    }

    public static java.lang.invoke.MethodHandle findStatic(MethodHandles.Lookup lookup, Class<?> c, String name, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        record("method", c.getTypeName(), name, names(type.parameterArray()));
        return lookup.findStatic(c, name, type);
    }

    public static java.lang.invoke.MethodHandle findVirtual(MethodHandles.Lookup lookup, Class<?> c, String name, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        record("method", c.getTypeName(), name, names(type.parameterArray()));
        return lookup.findVirtual(c, name, type);
    }

    public static java.lang.invoke.MethodHandle findConstructor(MethodHandles.Lookup lookup, Class<?> c, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        record("method", c.getTypeName(), "<init>", names(type.parameterArray()));
        return lookup.findConstructor(c, type);
    }

    public static VarHandle findVarHandle(MethodHandles.Lookup lookup, Class<?> c, String name, Class<?> type)
            throws NoSuchFieldException, IllegalAccessException {
        record("field", c.getTypeName(), name, "");
        return lookup.findVarHandle(c, name, type);
    }

    public static java.lang.invoke.MethodHandle findGetter(MethodHandles.Lookup lookup, Class<?> c, String name, Class<?> type)
            throws NoSuchFieldException, IllegalAccessException {
        record("field", c.getTypeName(), name, "");
        return lookup.findGetter(c, name, type);
    }
}
