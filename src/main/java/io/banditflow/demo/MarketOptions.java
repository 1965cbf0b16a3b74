package io.banditflow.demo;

import java.nio.file.Path;
import org.apache.flink.util.ParameterTool;

/**
 * The simulated market's options, shared by the demo and the studies: {@code --job jobs/demo.yaml
 * --products 120 --days 30 --seed 42 --baseline-bid 0.15 --shift-day 15} (through Maven, {@code
 * -Ddemo.days=60} and so on; pom.xml).
 */
record MarketOptions(
        Path job, int products, int days, long seed, double baselineBid, int shiftDay) {
    static MarketOptions of(ParameterTool params) {
        return new MarketOptions(
                Path.of(params.get("job", "jobs/demo.yaml")),
                params.getInt("products", 120),
                params.getInt("days", 30),
                params.getLong("seed", 42),
                params.getDouble("baseline-bid", 0.15),
                params.getInt("shift-day", 15));
    }
}
