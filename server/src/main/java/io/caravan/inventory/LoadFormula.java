package io.caravan.inventory;

/**
 * B3LB's load formula: {@code fAtn*attendees + fMtg*meetings + cpuMax/cpuOrder * sum_{n=1..cpuOrder} (cpu/10000)^n}.
 * The CPU term is a polynomial so that a nearly saturated node looks much heavier than a half-busy one, while an idle
 * CPU adds almost nothing.
 *
 * @param attendeeWeight f_atn, load per attendee
 * @param meetingWeight  f_mtg, load per meeting; also the load a fresh placement adds until the next poll
 * @param cpuMax         cpu_max, the CPU term's value at 100% CPU
 * @param cpuOrder       cpu_order, the polynomial's degree (at least 1)
 */
public record LoadFormula(double attendeeWeight, double meetingWeight, double cpuMax, int cpuOrder) {

    public static final LoadFormula DEFAULTS = new LoadFormula(1, 30, 5000, 6);

    public LoadFormula {
        if (attendeeWeight < 0 || meetingWeight < 0 || cpuMax < 0) {
            throw new IllegalArgumentException("load weights must not be negative");
        }
        if (cpuOrder < 1) {
            throw new IllegalArgumentException("cpu_order must be at least 1, was " + cpuOrder);
        }
    }

    /**
     * @param attendees attendees on the node
     * @param meetings  meetings on the node
     * @param cpu       CPU load 0..10000 (0 when the node publishes none)
     */
    public double load(int attendees, int meetings, int cpu) {
        double c = Math.max(0, Math.min(10000, cpu)) / 10000.0;
        double polynomial = 0;
        double power = 1;
        for (int n = 1; n <= cpuOrder; n++) {
            power *= c;
            polynomial += power;
        }
        return attendeeWeight * attendees + meetingWeight * meetings + cpuMax / cpuOrder * polynomial;
    }
}
