package org.recsae.runtime.eval;

import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.ort.TailSession;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.InputRole;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;

/**
 * Scores free-standing user states (one [D] vector per row, from any position) through the tail cut at the user
 * state, in catalogue order. That tail reads no history, only the candidates if the model takes them, so the
 * batch is encoded from a one-item placeholder history per row.
 */
public final class StateScorer implements AutoCloseable {
    private final CapturedRun run;
    private final TailSession tail;
    private final int width;
    private CandidateVectors cached;

    private StateScorer(CapturedRun run, TailSession tail, int width) {
        this.run = run;
        this.tail = tail;
        this.width = width;
    }

    /**
     * A scorer for the run's captured vectors themselves, when each one is the user state of its prefix: the probe
     * is the user state or the per-position states it is selected from, and discovery verified that selection.
     * Empty otherwise (a mid-layer probe, or a tail that still reads the history).
     */
    public static java.util.Optional<StateScorer> forCapturedVectors(CapturedRun run, int threads) {
        org.recsae.spi.ProbeRole role = run.probe().role();
        java.util.Optional<ProbeCandidate> user = run.model().report().candidate(org.recsae.spi.ProbeRole.USER_STATE);
        if (user.isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean isUserState = role == org.recsae.spi.ProbeRole.USER_STATE
                && user.get().tensor().equals(run.probe().tensor());
        // Per-position states score through the user-state tail only if the user state is a plain selection of
        // them, which discovery verified.
        boolean verifiedSelection = role == org.recsae.spi.ProbeRole.SEQUENCE_STATES
                && run.model().report().checks().stream().anyMatch(c -> c.startsWith("user_state"));
        if (!isUserState && !verifiedSelection) {
            return java.util.Optional.empty();
        }
        StateScorer scorer = open(run, user.get(), threads);
        if (!scorer.standsAlone()) {
            scorer.close();
            return java.util.Optional.empty();
        }
        try {
            scorer.cacheCandidateVectors(threads);
        } catch (RuntimeException | Error e) {
            scorer.close();
            throw e;
        }
        return java.util.Optional.of(scorer);
    }

    public static StateScorer open(CapturedRun run, ProbeCandidate userState, int threads) {
        ModelSignature s = run.model().signature();
        TailSession tail = TailSession.open(run.model().model(), run.model().report().graph(), userState.tensor(),
                s.scoreOutput(), threads);
        return new StateScorer(run, tail, (int) userState.shape().dim(1));
    }

    /** False when the tail still reads the history or lengths, so states cannot be scored on their own. */
    public boolean standsAlone() {
        ModelSignature s = run.model().signature();
        return !tail.inputs().contains(s.input(InputRole.HISTORY))
                && !(s.hasInput(InputRole.LENGTHS) && tail.inputs().contains(s.input(InputRole.LENGTHS)));
    }

    /**
     * For a tail that reads a candidates input, computes every item's vector once ({@link CandidateVectors}) and
     * keeps it only if it reproduces the tail's scores on two probe states.
     */
    private void cacheCandidateVectors(int threads) {
        ModelSignature s = run.model().signature();
        if (!s.hasInput(InputRole.CANDIDATES) || !tail.inputs().contains(s.input(InputRole.CANDIDATES))) {
            return;
        }
        java.util.Optional<CandidateVectors> built = CandidateVectors.build(run, threads);
        if (built.isEmpty() || built.get().width() != width) {
            return;
        }
        java.util.Random random = new java.util.Random(3);
        float[] probe = new float[2 * width];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (float) random.nextGaussian();
        }
        float[][] viaTail = score(probe, 2).rows();
        float[][] viaCache = built.get().score(probe, 2);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < viaTail[r].length; i++) {
                boolean sameInfinity = Float.isInfinite(viaTail[r][i]) && viaTail[r][i] == viaCache[r][i];
                if (!sameInfinity && !(Math.abs(viaTail[r][i] - viaCache[r][i]) <= 1e-3 * (1 + Math.abs(viaTail[r][i])))) {
                    return;
                }
            }
        }
        cached = built.get();
    }

    public ItemScores score(float[] states, int rows) {
        if (cached != null) {
            return new ItemScores(cached.score(states, rows));
        }
        ModelSignature s = run.model().signature();
        int placeholder = s.paddingId() == 0 ? 1 : 0;
        List<int[]> histories = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            histories.add(new int[] {placeholder});
        }
        EncodedBatch encoded = run.model().plugin().encode(s, histories, null);
        return run.model().plugin().decodeScores(s, tail.score(encoded, FlatTensor.ofFloats(states, rows, width)), null);
    }

    @Override
    public void close() {
        tail.close();
    }
}
