package org.recsae.runtime.sae;

import java.nio.file.Path;

/**
 * What a training run ended with. {@code interrupted} is true when it stopped on purpose before finishing
 * ({@code stopAfterSteps}), leaving only its checkpoint.
 */
public record TrainResult(boolean interrupted, Path saeDir, int dIn, int dSae, int k, int epochs, long steps,
                          long trainVectorsSeen, double seconds, double nmse, double deadFraction, boolean resumed) {
}
