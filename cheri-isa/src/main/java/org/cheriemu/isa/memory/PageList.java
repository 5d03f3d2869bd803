package org.cheriemu.isa.memory;

import java.util.Arrays;

/**
 * A dense array of the pages that have a property (holding tags, or capDirty), with O(1)
 * insertion and removal: each page records its slot, and removal swaps the last page into the
 * hole.
 *
 * <p>While an iteration runs, removal is <em>deferred</em>: the page keeps its slot (so no page
 * moves and the iteration neither skips nor repeats one) and the iterator skips it because it no
 * longer has the property; when the iteration ends, one compaction pass drops such pages. A page
 * that regains the property before then simply keeps its slot. Pages gaining the property during
 * an iteration are appended.
 */
final class PageList {
    enum Kind { TAGGED, CAP_DIRTY }

    private final Kind kind;
    private Page[] pages = new Page[16];
    private int slots;          // used slots, including deferred removals
    private int members;        // pages that have the property
    private boolean deferring;
    private boolean stale;      // a deferred removal is pending

    PageList(Kind kind) {
        this.kind = kind;
    }

    private int index(Page p) {
        return kind == Kind.TAGGED ? p.taggedIndex : p.dirtyIndex;
    }

    private void setIndex(Page p, int i) {
        if (kind == Kind.TAGGED) {
            p.taggedIndex = i;
        } else {
            p.dirtyIndex = i;
        }
    }

    /** True if the page (still) belongs: attached, and has the property. */
    boolean isMember(Page p) {
        return p.owner != null && (kind == Kind.TAGGED ? p.tagCount() != 0 : p.capDirty());
    }

    /** The page has just gained the property. */
    void add(Page p) {
        members++;
        if (index(p) >= 0) {
            return;             // its removal was deferred: it still has its slot
        }
        if (slots == pages.length) {
            pages = Arrays.copyOf(pages, slots * 2);
        }
        setIndex(p, slots);
        pages[slots++] = p;
    }

    /** The page has just lost the property (or is being detached). */
    void remove(Page p) {
        members--;
        if (deferring) {
            stale = true;
            return;
        }
        int i = index(p);
        Page moved = pages[--slots];
        pages[i] = moved;
        setIndex(moved, i);
        pages[slots] = null;
        setIndex(p, -1);
    }

    /** Number of pages that have the property. */
    int members() {
        return members;
    }

    /** Used slots; slots below this stay put until {@link #endDeferral()}. */
    int slots() {
        return slots;
    }

    /**
     * The backing array. During a deferral, slots {@code 0..slots()-1} of an array obtained
     * then keep their pages even if the list grows into a new array.
     */
    Page[] array() {
        return pages;
    }

    void beginDeferral() {
        deferring = true;
    }

    void endDeferral() {
        deferring = false;
        if (stale) {
            stale = false;
            int n = 0;
            for (int i = 0; i < slots; i++) {
                Page p = pages[i];
                if (isMember(p)) {
                    setIndex(p, n);
                    pages[n++] = p;
                } else {
                    setIndex(p, -1);
                }
            }
            Arrays.fill(pages, n, slots, null);
            slots = n;
        }
    }

    /** Removes every page; for the capDirty list, clears each page's flag as well. */
    void clearCapDirtyFlags() {
        for (int i = 0; i < slots; i++) {
            Page p = pages[i];
            p.resetCapDirtyFlag();
            if (!deferring) {
                setIndex(p, -1);
                pages[i] = null;
            }
        }
        members = 0;
        if (deferring) {
            stale = true;
        } else {
            slots = 0;
        }
    }
}
