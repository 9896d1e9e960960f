package io.spidernet.spiderpool.agent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Upstream's four duration gauges beside each histogram, as its Grafana dashboard shows them:
 * {@code <prefix>_average_<suffix>} (mean of every call since start), {@code _max_}, {@code _min_} and
 * {@code _latest_}, in seconds; 0 until the first call. They summarise what the histogram already holds,
 * kept because dashboards and alerts query these names.
 */
final class DurationGauges {
    private double sum;
    private long count;
    private double max;
    private double min;
    private double latest;

    /**
     * @param prefix e.g. {@code spiderpool.ipam.allocation}
     * @param suffix e.g. {@code duration.seconds} or {@code limit.duration.seconds}
     */
    DurationGauges(MeterRegistry registry, String prefix, String suffix, String what) {
        gauge(registry, prefix + ".average." + suffix, "mean " + what, DurationGauges::average);
        gauge(registry, prefix + ".max." + suffix, "longest " + what, DurationGauges::max);
        gauge(registry, prefix + ".min." + suffix, "shortest " + what, DurationGauges::min);
        gauge(registry, prefix + ".latest." + suffix, "latest " + what, DurationGauges::latest);
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<DurationGauges> f) {
        Gauge.builder(name, this, f).description(help + " (seconds)").register(registry);
    }

    synchronized void record(double seconds) {
        sum += seconds;
        max = count == 0 ? seconds : Math.max(max, seconds);
        min = count == 0 ? seconds : Math.min(min, seconds);
        latest = seconds;
        count++;
    }

    synchronized double average() {
        return count == 0 ? 0 : sum / count;
    }

    synchronized double max() {
        return max;
    }

    synchronized double min() {
        return min;
    }

    synchronized double latest() {
        return latest;
    }
}
