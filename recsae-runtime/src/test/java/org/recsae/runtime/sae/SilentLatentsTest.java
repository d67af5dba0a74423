package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Early stopping counts the latents silent for a whole epoch. A latent's counter holds how many vectors had been
 * seen when it last fired (the count after that batch), 0 when it never has.
 */
class SilentLatentsTest {
    @Test
    void inTheFirstEpochALatentThatNeverFiredIsSilent() {
        // Epoch 1 starts at 0 vectors: only the latent that never fired (0) is silent.
        assertEquals(0.25, SaeTrainer.TrainingState.silentFraction(new long[] {0, 256, 512, 99_840}, 0));
    }

    @Test
    void aLatentLastFiringInThePreviousEpochsFinalBatchIsSilentInThisOne() {
        // The epoch starts after 1000 vectors. The latent that last fired in the batch ending at 1000 did not fire
        // in this epoch; the one whose batch ended at 1256 did.
        long[] lastFired = {1000, 1256, 0, 700};
        assertEquals(0.75, SaeTrainer.TrainingState.silentFraction(lastFired, 1000));
    }
}
