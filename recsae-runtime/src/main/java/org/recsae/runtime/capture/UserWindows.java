package org.recsae.runtime.capture;

import java.util.function.Consumer;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.data.SortedLog;
import org.recsae.runtime.data.UserCursor;
import org.recsae.runtime.data.UserHistory;
import org.recsae.spi.ModelSignature;

/**
 * Every user's capture windows ({@link CaptureWindow#plan}), users in log order, planned one user at a time from a
 * {@link SortedLog} so that no list of all users or all windows is ever held. Each pass translates the ids to model
 * indices again, which is cheaper than keeping the translated log.
 */
final class UserWindows {
    private final SortedLog log;
    private final ItemIdMap ids;
    private final ModelSignature signature;
    private final Positions positions;
    private final boolean perPosition;

    /** How many windows a pass yields, and how many vectors they hold. */
    record Totals(long windows, long vectors) {
    }

    UserWindows(SortedLog log, ItemIdMap ids, ModelSignature signature, Positions positions, boolean perPosition) {
        this.log = log;
        this.ids = ids;
        this.signature = signature;
        this.positions = positions;
        this.perPosition = perPosition;
    }

    /** One pass over the log; an id outside the model's item table fails it, naming the user and file. */
    void forEach(Consumer<CaptureWindow> action) {
        try (UserCursor users = log.users()) {
            for (UserHistory u = users.next(); u != null; u = users.next()) {
                IndexedUser user = IndexedUser.of(u, ids, signature, log.files());
                for (CaptureWindow w : CaptureWindow.plan(user, positions, signature.maxLength(), perPosition)) {
                    action.accept(w);
                }
            }
        }
    }

    /** A counting pass, for progress's total; it also checks every id before the model runs. */
    Totals count() {
        long[] totals = new long[2];
        forEach(w -> {
            totals[0]++;
            totals[1] += w.vectors();
        });
        return new Totals(totals[0], totals[1]);
    }
}
