package io.spidernet.spiderpool.core.coordinator.status;

/**
 * What the adapter read of the CNI configuration directory: the file {@link ClusterCni#firstConfigFile}
 * chose (null when there is none) and its content, or why the directory could not be read.
 */
public record CniConfigDir(String path, String fileName, String content, String readError) {
    public static CniConfigDir empty(String path) {
        return new CniConfigDir(path, null, null, null);
    }

    public static CniConfigDir unreadable(String path, String error) {
        return new CniConfigDir(path, null, null, error);
    }
}
