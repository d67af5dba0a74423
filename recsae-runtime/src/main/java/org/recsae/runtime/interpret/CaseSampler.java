package org.recsae.runtime.interpret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.recsae.runtime.capture.CapturedPrefixes;

/**
 * Picks each latent's sequences. Candidates are prefixes at level >= 5, at most one per user (a user's neighbouring
 * prefixes are nearly the same sequence, and would let a description verify on its own examples). The 10 most
 * activating are split at random into 5 explaining and 5 verifying positives; 5 inactive prefixes of other users
 * complete the verification. The draw depends only on the seed and the latent, so any subset of latents, in any
 * order, gets the same sequences.
 */
public final class CaseSampler {
    private final LatentActivations acts;
    private final ActivationLevels levels;
    private final CapturedPrefixes prefixes;
    private final long seed;

    public CaseSampler(LatentActivations acts, ActivationLevels levels, CapturedPrefixes prefixes, long seed) {
        this.acts = acts;
        this.levels = levels;
        this.prefixes = prefixes;
        this.seed = seed;
    }

    public LatentCase sample(int j) {
        int[] rows = acts.rowsOf(j);
        float[] values = acts.valuesOf(j);
        Map<Integer, Integer> bestOfUser = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            if (levels.level(j, values[i]) < InterpretConfig.POSITIVE_LEVEL) {
                continue;
            }
            int user = prefixes.userOrdinal(rows[i]);
            Integer prev = bestOfUser.get(user);
            if (prev == null || values[i] > values[prev]) {
                bestOfUser.put(user, i);
            }
        }
        List<Integer> candidates = new ArrayList<>(bestOfUser.values());
        candidates.sort((a, b) -> values[a] != values[b] ? Float.compare(values[b], values[a])
                : Integer.compare(rows[a], rows[b]));
        int qualifying = candidates.size();
        if (qualifying < InterpretConfig.TOP_POOL) {
            return new LatentCase(j, rows.length, qualifying, List.of(), List.of(), List.of(), Optional.of(
                    "insufficient evidence: " + qualifying + " users' sequences at level >= "
                            + InterpretConfig.POSITIVE_LEVEL + ", " + InterpretConfig.TOP_POOL + " needed"));
        }
        SplittableRandom random = new SplittableRandom(mix(seed, j));
        List<Integer> pool = new ArrayList<>(candidates.subList(0, InterpretConfig.TOP_POOL));
        for (int i = pool.size() - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            Integer t = pool.get(i);
            pool.set(i, pool.get(k));
            pool.set(k, t);
        }
        List<LatentCase.Pick> explaining = new ArrayList<>();
        List<LatentCase.Pick> positives = new ArrayList<>();
        Set<Integer> users = new HashSet<>();
        for (int p = 0; p < pool.size(); p++) {
            int i = pool.get(p);
            LatentCase.Pick pick = new LatentCase.Pick(rows[i], levels.level(j, values[i]), values[i]);
            (p < InterpretConfig.EXAMPLES ? explaining : positives).add(pick);
            users.add(prefixes.userOrdinal(rows[i]));
        }
        List<LatentCase.Pick> inactive = new ArrayList<>();
        int n = prefixes.rows();
        for (long attempt = 0; inactive.size() < InterpretConfig.EXAMPLES && attempt < 100L * n; attempt++) {
            int row = random.nextInt(n);
            if (acts.inactive(j, row) && users.add(prefixes.userOrdinal(row))) {
                inactive.add(new LatentCase.Pick(row, 0, 0f));
            }
        }
        if (inactive.size() < InterpretConfig.EXAMPLES) {
            return new LatentCase(j, rows.length, qualifying, List.of(), List.of(), List.of(),
                    Optional.of("insufficient evidence: fewer than " + InterpretConfig.EXAMPLES
                            + " other users have a prefix where the latent is inactive"));
        }
        return new LatentCase(j, rows.length, qualifying, explaining, positives, inactive, Optional.empty());
    }

    static long mix(long seed, long j) {
        long z = seed * 0x9E3779B97F4A7C15L + j * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
