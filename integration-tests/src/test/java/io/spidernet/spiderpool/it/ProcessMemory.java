package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory as the kernel counts it (what a container's memory limit is held to):
 * {@code VmRSS} now and {@code VmHWM}, the highest it has been, from {@code /proc/<pid>/status}, in KiB;
 * and {@code RssFile}, the part of VmRSS that is mapped files (the JVM's libraries, its CDS archive or
 * AOT cache): clean pages the kernel can drop and read again, shared by every process mapping them.
 */
record ProcessMemory(long rssKib, long hwmKib, long fileKib) {

    static ProcessMemory of(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        return new ProcessMemory(field(status, "VmRSS:"), field(status, "VmHWM:"), field(status, "RssFile:"));
    }

    /** {@code name   123 kB} as 123; the line is there for every live process on Linux. */
    private static long field(String status, String name) throws IOException {
        return status.lines().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> Long.parseLong(l.substring(name.length()).replace("kB", "").trim()))
                .orElseThrow(() -> new IOException("no " + name + " in /proc/<pid>/status (not Linux?)"));
    }

    double rssMib() {
        return rssKib / 1024.0;
    }

    double hwmMib() {
        return hwmKib / 1024.0;
    }

    double fileMib() {
        return fileKib / 1024.0;
    }
}
