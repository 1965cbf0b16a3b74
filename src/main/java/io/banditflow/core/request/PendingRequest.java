package io.banditflow.core.request;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.PlayedRound;

/**
 * A request that was answered with a bid, and the feedback joined to it by decision id so far. The
 * learner learns from it once its attribution window has passed: from the bid that was placed and
 * its logged propensity, never from one re-derived later. A POJO, so that it lives in keyed state.
 */
public class PendingRequest {
    public String decisionId;

    /** The round the request arrived in: its feedback is final with that round's. */
    public long round;

    public int arm;
    public double bid;
    public double propensity;
    public int lowestArm;
    public int highestArm;

    /** The request's context, for a contextual learner; null otherwise. */
    public double[] context;

    /** Whether the learner chose the bid (mode LEARNED); fixed bids are joined but not learned. */
    public boolean learns;

    /** Whether the bid was not the learner's best at the time (for the exploration cap). */
    public boolean exploring;

    public long impressions;
    public long clicks;
    public double cost;
    public long conversions;
    public double value;

    public PendingRequest() {}

    /**
     * @param withContext whether the learner uses the context, which must then be kept
     */
    public static PendingRequest of(Decision decision, boolean learns, boolean withContext) {
        PendingRequest p = new PendingRequest();
        p.decisionId = decision.decisionId();
        p.round = decision.round();
        p.arm = decision.arm();
        p.bid = decision.bid();
        p.propensity = decision.propensity();
        p.lowestArm = decision.lowestArm();
        p.highestArm = decision.highestArm();
        p.context = withContext ? decision.context() : null;
        p.learns = learns;
        return p;
    }

    /** Adds one impression, click or conversion that echoed this request's decision id. */
    public void add(FeedbackEvent event) {
        switch (event.type()) {
            case IMPRESSION -> impressions++;
            case CLICK -> {
                clicks++;
                cost += event.cost();
            }
            case CONVERSION -> {
                conversions++;
                value += event.value();
            }
        }
    }

    /** What the request earned: conversion value minus the cost of its clicks. */
    public double profit() {
        return value - cost;
    }

    /** What the learner keeps of the request for its update. */
    public PlayedRound played() {
        return new PlayedRound(
                round, arm, bid, propensity, decisionId, lowestArm, highestArm, context);
    }
}
