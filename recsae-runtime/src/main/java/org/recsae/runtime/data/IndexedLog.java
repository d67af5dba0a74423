package org.recsae.runtime.data;

import java.util.ArrayList;
import java.util.List;
import org.recsae.spi.ModelSignature;

/** An interaction log translated to model indices; every id is checked against the item table here. */
public record IndexedLog(InteractionLog log, ItemIdMap ids, List<IndexedUser> users) {

    public static IndexedLog of(InteractionLog log, ItemIdMap ids, ModelSignature signature) {
        List<IndexedUser> users = new ArrayList<>(log.users().size());
        for (UserHistory u : log.users()) {
            users.add(IndexedUser.of(u, ids, signature, log.files()));
        }
        return new IndexedLog(log, ids, users);
    }

    /** Users that have a test item and at least one item before it. */
    public List<IndexedUser> evaluable() {
        return users.stream().filter(u -> u.testPosition() > 0).toList();
    }
}
