package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/** {@code spec.agent}: the agent DaemonSet's knobs; null means "the default". */
@JsonClassDescription("The spiderpool-agent DaemonSet, which runs on every node.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"image", "imagePullPolicy", "cniBinDir", "cniConfDir", "logLevel", "enableMetrics", "nodeSelector"})
public class AgentSettings {
    @JsonPropertyDescription("The agent image (its init container install-cni runs from it too). Unset: the agent"
            + " image of the controller's own version.")
    private String image;
    @JsonPropertyDescription("When the kubelet pulls the image: Always, IfNotPresent or Never.")
    @Default("IfNotPresent")
    private PullPolicy imagePullPolicy;
    @Default("/opt/cni/bin")
    @Pattern("^/.*")
    @JsonPropertyDescription("Host directory the CNI plugins are installed into (the container runtime's CNI bin dir).")
    private String cniBinDir;
    @Default("/etc/cni/net.d")
    @Pattern("^/.*")
    @JsonPropertyDescription("Host directory of the container runtime's CNI configuration.")
    private String cniConfDir;
    @Default("info")
    @JsonPropertyDescription("The agent's log level: debug, info, warn, error or fatal.")
    private LogLevel logLevel;
    @Default("false")
    @JsonPropertyDescription("Serve Prometheus metrics on port 5711.")
    private Boolean enableMetrics;
    @JsonPropertyDescription("Labels a node must have to run the agent; empty: every Linux node.")
    private Map<String, String> nodeSelector;

    /** The kubelet's image pull policies. */
    public enum PullPolicy { Always, IfNotPresent, Never }

    /** Upstream's log levels, which the agent reads as Quarkus level names. */
    public enum LogLevel {
        DEBUG, INFO, WARN, ERROR, FATAL;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public PullPolicy getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(PullPolicy imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public String getCniBinDir() {
        return cniBinDir;
    }

    public void setCniBinDir(String cniBinDir) {
        this.cniBinDir = cniBinDir;
    }

    public String getCniConfDir() {
        return cniConfDir;
    }

    public void setCniConfDir(String cniConfDir) {
        this.cniConfDir = cniConfDir;
    }

    public LogLevel getLogLevel() {
        return logLevel;
    }

    public void setLogLevel(LogLevel logLevel) {
        this.logLevel = logLevel;
    }

    public Boolean getEnableMetrics() {
        return enableMetrics;
    }

    public void setEnableMetrics(Boolean enableMetrics) {
        this.enableMetrics = enableMetrics;
    }

    @JsonProperty("nodeSelector")
    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }
}
