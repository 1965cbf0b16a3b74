package io.banditflow.core.event;

/**
 * A product's catalog record ({@code schemas/catalog-entry.schema.json}): its attributes, whether
 * it may be bid on, and its baseline bid, valid from {@code eventTime} until the product's next
 * record.
 *
 * @param category the product's category, or null
 * @param priceBand the product's price band, or null
 * @param baseBid the product's baseline bid (drift fallback, kill switch, CPC guard), or NaN to use
 *     the job's {@code baseline.bid}
 */
public record CatalogEntry(
        String productId,
        String category,
        String priceBand,
        double baseBid,
        ProductStatus status,
        long eventTime) {

    public boolean paused() {
        return status == ProductStatus.PAUSED;
    }

    public boolean hasBaseBid() {
        return !Double.isNaN(baseBid);
    }
}
