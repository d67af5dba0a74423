package org.recsae.runtime.eval;

import java.util.List;

/** What {@code check} measured: the model against popularity on the test split. */
public record CheckResult(int users, double modelHr, double modelNdcg, double popularityHr, double popularityNdcg,
                          int k, List<String> warnings) {
}
