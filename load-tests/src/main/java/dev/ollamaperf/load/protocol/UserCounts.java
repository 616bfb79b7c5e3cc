package dev.ollamaperf.load.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per virtual user of one phase, the requests that ended answered: how evenly the target served its users (the
 * reports' Jain index over these counts). A user appears at its first send, so one that never got an answer
 * counts as 0 instead of going missing, which is exactly the starvation the index must see. Wait-free like the
 * rest of {@link LlmMetricsRecorder}.
 */
public final class UserCounts {

    private final Map<Long, LongAdder> answered = new ConcurrentHashMap<>();

    /** A request of user {@code userId} (Gatling's session user id) is being sent. */
    public void started(long userId) {
        answered.computeIfAbsent(userId, id -> new LongAdder());
    }

    /** A request of user {@code userId} ended; only an answered one ({@code ok}) counts. */
    public void ended(long userId, boolean ok) {
        if (ok) {
            answered.computeIfAbsent(userId, id -> new LongAdder()).increment();
        }
    }

    /** The counts so far, in the order the users were created (their ids); empty when no user sent a request. */
    public List<Long> snapshot() {
        return snapshot(this, new UserCounts());
    }

    /**
     * Both phases' counts user by user (a user of either counts): a paired run's two paths, whose users are the
     * same virtual users.
     */
    public static List<Long> snapshot(UserCounts a, UserCounts b) {
        Map<Long, Long> sums = new TreeMap<>();
        a.answered.forEach((user, count) -> sums.merge(user, count.sum(), Long::sum));
        b.answered.forEach((user, count) -> sums.merge(user, count.sum(), Long::sum));
        return new ArrayList<>(sums.values());
    }
}
