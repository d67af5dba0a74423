package org.recsae.runtime.data;

/** The interaction-log layouts recsae reads. */
public enum LogFormat {
    /** A folder with {@code train.csv} (and optionally {@code dev.csv}, {@code test.csv}): TSV {@code user_id item_id time}. */
    RECHORUS,
    /** MovieLens {@code ratings.csv}: {@code userId,movieId,rating,timestamp} with a header. */
    MOVIELENS_CSV,
    /** MovieLens 100K {@code u.data}: tab-separated {@code user item rating timestamp}, no header. */
    MOVIELENS_100K,
    /** Any delimited file with a header; the user, item and time columns are named by options. */
    GENERIC_CSV
}
