package io.spidernet.spiderpool.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs {@link RbacCompletenessE2ETest} after every other test class of this module (the others keep
 * their order: the sort is stable), so that its check that every recorded call is granted covers
 * the calls of every E2E test in the JVM ({@link ApiCallLog#PROCESS}), not only its own scenario's.
 * Its own checks do not depend on this order.
 */
public final class RbacLastClassOrderer implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(d -> d.getTestClass() == RbacCompletenessE2ETest.class));
    }
}
