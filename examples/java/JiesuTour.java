/*
 * JiesuTour.java: how a Java platform (the provincial 12345 services) embeds jiesu — libjiesu's
 * C ABI (include/jiesu.h) through JNA, no JNI code to build. The platform keeps each ticket's
 * history (the JSON array of its events) in its own database — here a String — and asks
 * jiesu to decide: register a request, dispatch it, read its state with the SLA clocks,
 * evaluate escalation later, verify the stored history; a command the actor may not issue is
 * refused with a status and a message, and the history is unchanged.
 *
 * Every call's status is checked; an error's code and message are read, then the error is
 * freed; every string jiesu returns is copied into Java and freed with jiesu_string_free; the
 * engine is freed at the end. `make test-java` builds and runs it (bindings/c/README.md,
 * "Java"):
 *
 *     javac -cp /usr/share/java/jna.jar -d target/java examples/java/JiesuTour.java
 *     java -cp target/java:/usr/share/java/jna.jar -Djna.library.path=target/capi/lib JiesuTour
 */
import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class JiesuTour {
    /** C's size_t (the length of every text argument). */
    public static final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;
        public SizeT() { this(0); }
        public SizeT(long value) { super(Native.SIZE_T_SIZE, value, true); }
    }

    /** The functions of include/jiesu.h this program calls; jiesu_status is a C enum (int). */
    public interface Jiesu extends Library {
        int jiesu_engine_new_default(PointerByReference out, PointerByReference err);
        void jiesu_engine_free(Pointer engine);
        int jiesu_ticket_handle(Pointer engine, byte[] events, SizeT eventsLen, byte[] actor, SizeT actorLen,
                                byte[] command, SizeT commandLen, long now, PointerByReference out, PointerByReference err);
        int jiesu_ticket_state(Pointer engine, byte[] events, SizeT len, long now, PointerByReference out, PointerByReference err);
        int jiesu_escalation_evaluate(Pointer engine, byte[] events, SizeT len, long now, PointerByReference out, PointerByReference err);
        int jiesu_ticket_verify(byte[] events, SizeT len, PointerByReference out, PointerByReference err);
        int jiesu_error_code(Pointer err);
        Pointer jiesu_error_message(Pointer err);
        void jiesu_error_free(Pointer err);
        void jiesu_string_free(Pointer s);
    }

    static final int JIESU_STATUS_OK = 0;
    static final int JIESU_STATUS_PERMISSION_DENIED = 6;
    static final Jiesu JIESU = Native.load("jiesu", Jiesu.class);

    /** A failed call: the status and message of jiesu's error object (which is freed). */
    static final class JiesuException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        JiesuException(int status, String message) { super(message); this.status = status; }
    }

    /** Returns the string written to `out` (copied, then freed), or throws the call's error (freed). */
    static String result(int status, PointerByReference out, PointerByReference err) throws JiesuException {
        if (status != JIESU_STATUS_OK) {
            Pointer e = err.getValue();
            try {
                throw new JiesuException(JIESU.jiesu_error_code(e), JIESU.jiesu_error_message(e).getString(0, "UTF-8"));
            } finally {
                JIESU.jiesu_error_free(e);
            }
        }
        Pointer s = out.getValue();
        try {
            return s.getString(0, "UTF-8");
        } finally {
            JIESU.jiesu_string_free(s);
        }
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
    static SizeT len(byte[] b) { return new SizeT(b.length); }
    static long unix(String rfc3339) { return OffsetDateTime.parse(rfc3339).toEpochSecond(); }

    /** jiesu_ticket_handle: the events to append to the history, or a JiesuException. */
    static String handle(Pointer engine, String history, String actor, String command, long now) throws JiesuException {
        byte[] h = utf8(history), a = utf8(actor), c = utf8(command);
        PointerByReference out = new PointerByReference(), err = new PointerByReference();
        return result(JIESU.jiesu_ticket_handle(engine, h, len(h), a, len(a), c, len(c), now, out, err), out, err);
    }

    /** The stored history with the new events appended (two JSON arrays as one). */
    static String append(String history, String newEvents) {
        if (newEvents.equals("[]")) return history;
        if (history.equals("[]")) return newEvents;
        return history.substring(0, history.length() - 1) + "," + newEvents.substring(1);
    }

    /** The first string value of "key" in a JSON text (the demo needs no JSON library). */
    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "-";
    }

    public static void main(String[] args) {
        String cc = "{\"role\":\"command_center\"}";
        String lead = "{\"role\":\"unit\",\"unit\":\"urban_management\"}";
        PointerByReference engineOut = new PointerByReference(), err = new PointerByReference();
        int status = JIESU.jiesu_engine_new_default(engineOut, err);
        if (status != JIESU_STATUS_OK) {
            Pointer e = err.getValue();
            System.err.println("jiesu_engine_new_default: status " + JIESU.jiesu_error_code(e) + ": "
                    + JIESU.jiesu_error_message(e).getString(0, "UTF-8"));
            JIESU.jiesu_error_free(e);
            System.exit(1);
        }
        Pointer engine = engineOut.getValue();
        int exit = 1;
        try {
            long t0 = unix("2026-03-02T09:00:00+08:00");
            String history = "[]"; // a new ticket
            history = append(history, handle(engine, history, cc,
                    "{\"type\":\"register\",\"id\":\"YS-1\",\"appeal_type\":\"complaint\","
                    + "\"content\":\"江那镇××小区门口路灯坏了一个多月\","
                    + "\"requester\":{\"name\":\"张三\",\"phone\":\"13812345678\"},\"location\":{\"township\":\"jiangna\"}}", t0));
            history = append(history, handle(engine, history, cc,
                    "{\"type\":\"dispatch\",\"decision\":{\"category\":\"040201\"}}", t0 + 600));
            // A unit may not close a ticket: refused, and nothing to append.
            try {
                handle(engine, history, lead, "{\"type\":\"close\"}", t0 + 1200);
                throw new JiesuException(JIESU_STATUS_OK, "a unit's close was accepted");
            } catch (JiesuException e) {
                if (e.status != JIESU_STATUS_PERMISSION_DENIED) throw e;
                System.out.println("refused: status " + e.status + ": " + e.getMessage());
            }
            history = append(history, handle(engine, history, lead, "{\"type\":\"acknowledge\"}", t0 + 1800));

            byte[] h = utf8(history);
            PointerByReference out = new PointerByReference(), e = new PointerByReference();
            String state = result(JIESU.jiesu_ticket_state(engine, h, len(h), t0 + 1800, out, e), out, e);
            System.out.println("state: " + field(state, "status") + ", requester " + field(state, "name")
                    + ", completion due " + field(state, "completion_due_at"));

            long later = unix("2026-03-11T09:00:00+08:00"); // past the completion deadline
            String evaluation = result(JIESU.jiesu_escalation_evaluate(engine, h, len(h), later, out, e), out, e);
            System.out.println("evaluation: first alert " + field(evaluation, "rule") + ", next check at "
                    + field(evaluation, "next_check_at"));

            String verification = result(JIESU.jiesu_ticket_verify(h, len(h), out, e), out, e);
            System.out.println("verify: " + verification);
            exit = 0;
        } catch (JiesuException e) {
            System.err.println("jiesu: status " + e.status + ": " + e.getMessage());
        } finally {
            JIESU.jiesu_engine_free(engine);
        }
        System.exit(exit);
    }
}
