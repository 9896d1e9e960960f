package io.spidernet.spiderpool.cni.install;

/**
 * One entry of a plugin tree, relative to the tree's root ({@code /}-separated, no {@code .} or
 * {@code ..}). {@code mode} is the permission bits (0 for links), {@code size} the bytes of a
 * regular file, {@code linkTarget} what a symbolic link points to.
 */
public record TreeEntry(String path, Kind kind, int mode, long size, String linkTarget) {
    public enum Kind { DIR, FILE, LINK }

    static TreeEntry dir(String path, int mode) {
        return new TreeEntry(path, Kind.DIR, mode, 0, null);
    }

    static TreeEntry file(String path, int mode, long size) {
        return new TreeEntry(path, Kind.FILE, mode, size, null);
    }

    static TreeEntry link(String path, String target) {
        return new TreeEntry(path, Kind.LINK, 0, 0, target);
    }

    boolean executable() {
        return kind == Kind.FILE && (mode & 0100) != 0;
    }
}
