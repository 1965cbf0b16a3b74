package io.banditflow.core.experiment;

import io.banditflow.core.util.Seeds;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An A/B experiment over products: each product is assigned to a variant by a stable hash of the
 * experiment's name and the product id, with the configured traffic shares. The assignment is a
 * pure function of the two, so it is the same on any parallelism, after any restore, and in any
 * tool that reads the logs; another experiment's name gives an independent assignment.
 */
public record Experiment(String name, List<Variant> variants) implements Serializable {

    /** A variant and the share of products it gets. */
    public record Variant(String name, double share) implements Serializable {}

    public Experiment {
        variants = List.copyOf(variants);
        double total = variants.stream().mapToDouble(Variant::share).sum();
        if (variants.isEmpty() || Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("variant shares must add up to 1, got " + total);
        }
    }

    /** The variant the product is assigned to. */
    public String variantOf(String productId) {
        double u = Seeds.uniform(Seeds.of(salt(), productId, 0));
        double cumulative = 0;
        for (Variant v : variants) {
            cumulative += v.share();
            if (u < cumulative) {
                return v.name();
            }
        }
        return variants.get(variants.size() - 1).name();
    }

    private long salt() {
        long h = 0;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = Seeds.mix(h ^ (b & 0xFF));
        }
        return h;
    }
}
