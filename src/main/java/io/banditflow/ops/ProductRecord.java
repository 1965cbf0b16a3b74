package io.banditflow.ops;

import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.PolicyState;

/**
 * What a savepoint rewrite writes for a product, one part per record: its whole state from a
 * savepoint, a learner that replaces its own, or a decision of the decision topic to replay.
 *
 * @param snapshot the product's encoded state ({@link ProductStateCodec}), or null
 * @param learner a learner state to put in place of the product's, or null
 * @param logged a logged decision to replay, or null
 */
public record ProductRecord(
        String productId, byte[] snapshot, PolicyState learner, Decision logged) {

    static ProductRecord snapshot(String productId, byte[] snapshot) {
        return new ProductRecord(productId, snapshot, null, null);
    }

    static ProductRecord learner(String productId, PolicyState learner) {
        return new ProductRecord(productId, null, learner, null);
    }

    static ProductRecord logged(Decision logged) {
        return new ProductRecord(logged.productId(), null, null, logged);
    }
}
