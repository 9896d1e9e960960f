#!/bin/sh
# Builds the installable tree of the spiderpool CNI binary; run by Maven at `package`
# (spiderpool-cni/pom.xml, execution "cni-tree"; skip it with -Dcni.package.skip=true).
#
#   OUT/bin/spiderpool                   launcher (from launcher.sh next to this script)
#   OUT/bin/coordinator, OUT/bin/ifacer  relative symlinks to spiderpool: one program, the name it
#                                        is invoked by picks the plugin (CniMain, Personalities)
#   OUT/bin/spiderpool.jvm/runtime/      jlinked JDK: the modules jdeps finds (java.base alone)
#   OUT/bin/spiderpool.jvm/lib/          the module jar and its runtime dependencies
#   OUT/bin/spiderpool.jvm/spiderpool.aot  JDK AOT cache trained here (AOT_TRAINING_CLASS), for spiderpool
#   OUT/bin/spiderpool.jvm/node-plugins.aot  the same for coordinator and ifacer (AOT_TRAINING_CLASS
#                                        with "node-plugins"): their netlink and FFM classes stay out of
#                                        the IPAM binary's cache, whose every class loads at each exec
#   OUT/install-cni                      the installer (install-cni.sh next to this script): copies
#                                        OUT/bin/ into a host's CNI bin dir (the agent image's init
#                                        container); outside bin/, so it is not installed itself
#
# The AOT cache is only used by the JVM that made it, with the same options and jars, so this
# script trains it with the jlinked runtime, the JVM options below and the launcher's class path.
#
# usage: build-cni-tree.sh JAVA_HOME OUT_DIR WORK_DIR MODULE_JAR CLASSES_DIR MAIN_CLASS
#                          AOT_TRAINING_CLASS RUNTIME_CLASSPATH
# RUNTIME_CLASSPATH is Maven's runtime class path, in Maven's order; CLASSES_DIR in it stands
# for MODULE_JAR (the AOT cache needs jars, not directories).
set -eu

if [ $# -ne 8 ]; then
  echo "usage: $0 JAVA_HOME OUT_DIR WORK_DIR MODULE_JAR CLASSES_DIR MAIN_CLASS AOT_TRAINING_CLASS RUNTIME_CLASSPATH" >&2
  exit 2
fi
java_home=$1 out=$2 work=$3 module_jar=$4 classes_dir=$5 main_class=$6 training_class=$7 runtime_cp=$8
here=$(cd "$(dirname "$0")" && pwd)
case $out in /?*/?*) ;; *) echo "OUT_DIR must be an absolute path two levels deep at least: '$out'" >&2; exit 2 ;; esac

# The JVM options of every run, one per line; the launcher gets exactly these (after the
# -XX:AOTCache option), and so does the training run.
#   The interpreter only, and Serial GC: a one-shot process of ~40 ms has no use for GC threads, nor
#     for a JIT compiler. C1 compiled hundreds of methods per exec, most of them the LambdaForms spun
#     for the FFM downcall, which run a few times: on the 2-core machine at load 4, -Xint cut the
#     coordinator ADD's CPU time from 468 to 294 ms and the IPAM ADD's from 184 to 153 ms
#     (docs/performance.md, "CNI start-up", has the quiet figures).
#   No hsperfdata file in /tmp per exec.
#   A fixed heap range: the default max heap is 1/4 of the node's memory, and from 128 GiB on that
#     turns compressed oops off, which makes an AOT cache made on a smaller machine unusable.
#   JVM logging (warnings and errors, e.g. an unusable AOT cache) goes to stderr, never to stdout,
#     which carries the CNI result; so does the VM's own console output.
#   FFM (netns work) is allowed without a warning on stderr.
jvm_options='-Xint
-XX:+UseSerialGC
-XX:-UsePerfData
-Xms8m
-Xmx256m
-Xlog:disable
-Xlog:all=warning:stderr
-XX:+DisplayVMOutputToStderr
--enable-native-access=ALL-UNNAMED'

# The other names the program answers to (Personalities.REGISTERED, besides spiderpool itself).
personalities='coordinator ifacer'

say() { echo "[cni-tree] $*"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
die() { echo "[cni-tree] ERROR: $*" >&2; exit 1; }

for tool in java jlink jdeps; do
  [ -x "$java_home/bin/$tool" ] || die "$java_home/bin/$tool is missing: build with a full JDK 25 (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)"
done
[ -f "$module_jar" ] || die "$module_jar is missing: this runs after the jar is built (phase package)"
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
if [ -z "$feature" ] || [ "$feature" -lt 25 ]; then
  die "$java_home is not a JDK 25 or newer (the AOT cache options are JDK 25's)"
fi

# The jars in Maven's order, this module's jar first in place of its classes directory.
jars=
names=
old_ifs=$IFS
IFS=:
for entry in $runtime_cp; do
  IFS=$old_ifs
  [ "$entry" = "$classes_dir" ] && entry=$module_jar
  [ -d "$entry" ] && die "$entry is a directory; the AOT cache needs a class path of jars only (build through phase package)"
  case $entry in *.jar) ;; *) die "$entry is not a jar" ;; esac
  name=${entry##*/}
  case " $names " in *" $name "*) die "two class path entries are named $name" ;; esac
  names="$names $name"
  jars="$jars$entry
"
  IFS=:
done
IFS=$old_ifs

# Up to date when nothing that goes into the tree changed: inputs' sizes and times, the JDK,
# this script and the launcher template.
stamp=$( (cat "$0" "$here/launcher.sh" "$here/install-cni.sh" "$java_home/release"; echo "$main_class $training_class"
          printf '%s' "$jars" | while IFS= read -r jar; do ls -lL --time-style=+%s.%N "$jar"; done) | cksum)
if [ -f "$work/stamp" ] && [ "$(cat "$work/stamp")" = "$stamp" ] && [ -x "$out/bin/spiderpool" ] && [ -x "$out/install-cni" ] \
    && [ -L "$out/bin/coordinator" ] && [ -L "$out/bin/ifacer" ] \
    && [ -s "$out/bin/spiderpool.jvm/spiderpool.aot" ] && [ -s "$out/bin/spiderpool.jvm/node-plugins.aot" ]; then
  say "up to date: $out"
  exit 0
fi

start=$(ms)
jvm=$out/bin/spiderpool.jvm
rm -rf "$out" "$work"
mkdir -p "$jvm/lib" "$work"

lib_cp=
launcher_cp=
printf '%s' "$jars" | while IFS= read -r jar; do cp -p "$jar" "$jvm/lib/"; done
for name in $names; do
  lib_cp="$lib_cp${lib_cp:+:}$jvm/lib/$name"
  # one jar per line in the launcher: a backslash-newline inside double quotes joins the lines
  launcher_cp="$launcher_cp${launcher_cp:+\\
:}\$lib/$name"
done

t=$(ms)
# jdeps over the module jar and, transitively, the jars it references.
modules=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$feature" \
  --class-path "$lib_cp" "$jvm/lib/${module_jar##*/}")
say "runtime modules: $modules"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$jvm/runtime"
java=$jvm/runtime/bin/java
steps="jdeps+jlink $(( $(ms) - t )) ms"

# The launcher: the template with the options, class path and main class filled in.
OPTS=$jvm_options CP="\"$launcher_cp\"" MAIN=$main_class awk '
  # literal replacement (gsub would interpret the backslashes of the class path)
  function put(s, from, to,   i) {
    while ((i = index(s, from)) > 0) s = substr(s, 1, i - 1) to substr(s, i + length(from))
    return s
  }
  /^  @JVM_OPTIONS@ \\$/ { n = split(ENVIRON["OPTS"], o, "\n"); for (i = 1; i <= n; i++) print "  " o[i] " \\"; next }
  { print put(put($0, "@CLASSPATH@", ENVIRON["CP"]), "@MAIN_CLASS@", ENVIRON["MAIN"]) }
' "$here/launcher.sh" > "$out/bin/spiderpool"
chmod 755 "$out/bin/spiderpool"
grep -q '@[A-Z_]*@' "$out/bin/spiderpool" && die "a placeholder is left in $out/bin/spiderpool"
# relative, so that the tree can be copied or moved as a whole
for name in $personalities; do
  ln -s spiderpool "$out/bin/$name"
done

cp "$here/install-cni.sh" "$out/install-cni"
chmod 755 "$out/install-cni"

t=$(ms)
# AOT training, two steps: record what the workload loads and links, then create the cache.
# The training class gets a scratch directory (for its in-process agent's socket), a clean
# environment and a VERSION request on stdin: it ends by running the real main() the way the
# runtime does.
train() { # cache name, extra training argument (may be empty)
  # shellcheck disable=SC2086 # one option per word
  if ! printf '%s\n' '{"cniVersion":"1.0.0","name":"aot-training","type":"macvlan","ipam":{"type":"spiderpool"}}' |
      env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin CNI_COMMAND=VERSION \
      "$java" $jvm_options -XX:AOTMode=record -XX:AOTConfiguration="$work/$1.aotconf" \
        -cp "$lib_cp" "$training_class" "$work" $2 > "$work/training-$1.log" 2>&1; then
    cat "$work/training-$1.log" >&2
    die "the AOT training run for $1 failed (log above, also in $work/training-$1.log)"
  fi
  # shellcheck disable=SC2086
  if ! "$java" $jvm_options -XX:AOTMode=create -XX:AOTConfiguration="$work/$1.aotconf" \
        -XX:AOTCache="$jvm/$1.aot" -cp "$lib_cp" >> "$work/training-$1.log" 2>&1 \
      || [ ! -s "$jvm/$1.aot" ]; then
    cat "$work/training-$1.log" >&2
    die "creating the AOT cache $1 failed (log above, also in $work/training-$1.log)"
  fi
}
train spiderpool ""
train node-plugins node-plugins
sed -n 's/^aot training: .*; node plugins: /[cni-tree] node-plugins cache: /p' "$work/training-node-plugins.log" | cut -c1-300

steps="$steps, AOT training $(( $(ms) - t )) ms"

# The installed launcher must answer VERSION with the cache in use: AOTMode=on makes the JVM
# fail instead of falling back when the cache cannot be used.
reply=$(echo '{"cniVersion":"0.4.0"}' | env -i PATH=/usr/bin:/bin CNI_COMMAND=VERSION \
  SPIDERPOOL_CNI_JAVA_OPTIONS=-XX:AOTMode=on "$out/bin/spiderpool" 2>"$work/check.err") \
  || { cat "$work/check.err" >&2; die "the launcher failed with its AOT cache required"; }
case $reply in '{"cniVersion":"0.4.0",'*) ;; *) die "unexpected VERSION reply from the launcher: $reply" ;; esac
for name in $personalities; do
  reply=$(echo '{"cniVersion":"1.0.0"}' | env -i PATH=/usr/bin:/bin CNI_COMMAND=VERSION \
    SPIDERPOOL_CNI_JAVA_OPTIONS=-XX:AOTMode=on "$out/bin/$name" 2>"$work/check.err") \
    || { cat "$work/check.err" >&2; die "bin/$name failed with the AOT cache required"; }
  case $reply in '{"cniVersion":"1.0.0",'*) ;; *) die "unexpected VERSION reply from bin/$name: $reply" ;; esac
done

# the installer starts on the tree's runtime and answers --help
SPIDERPOOL_CNI_HOME=$out/bin "$out/install-cni" --help > "$work/install-cni.out" 2>&1 \
  || { cat "$work/install-cni.out" >&2; die "$out/install-cni --help failed"; }
grep -q '^usage: install-cni ' "$work/install-cni.out" || die "unexpected reply from $out/install-cni --help: $(head -3 "$work/install-cni.out")"

echo "$stamp" > "$work/stamp"
say "$out/bin/spiderpool: runtime $(du -sh "$jvm/runtime" | cut -f1), lib $(du -sh "$jvm/lib" | cut -f1)," \
  "AOT caches $(du -sh "$jvm/spiderpool.aot" | cut -f1) + $(du -sh "$jvm/node-plugins.aot" | cut -f1); built in $(( $(ms) - start )) ms ($steps)"
