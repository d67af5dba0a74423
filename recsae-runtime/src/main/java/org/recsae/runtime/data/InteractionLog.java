package org.recsae.runtime.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole interaction log, grouped by user (users in ascending id order), each user's items in time order.
 *
 * @param files the files it was read from, for fingerprints and messages
 * @param splitGiven true if the log came with its own dev/test split (ReChorus), false for leave-one-out
 */
public record InteractionLog(LogFormat format, List<Path> files, List<UserHistory> users, long interactions,
                             boolean splitGiven) {
    public InteractionLog {
        files = List.copyOf(files);
        users = List.copyOf(users);
    }

    public String describe() {
        return format.name().toLowerCase(java.util.Locale.ROOT) + " log " + files.get(0)
                + (files.size() > 1 ? " (+" + (files.size() - 1) + " files)" : "");
    }
}
