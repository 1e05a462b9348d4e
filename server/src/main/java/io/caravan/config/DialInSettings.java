package io.caravan.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dial-in: the voiceBridge numbers Caravan gives new meetings, unique over every node, and FreeSWITCH's dialplan
 * lookups that send a caller to the node of the number dialled.
 *
 * @param minVoiceBridge  caravan.voice-bridge.min (empty: the smallest number of caravan.voice-bridge.length digits)
 * @param maxVoiceBridge  caravan.voice-bridge.max (empty: the largest number of caravan.voice-bridge.length digits)
 * @param ttlMillis       caravan.voice-bridge.ttl: how long a number stays taken without a poll seeing its meeting
 * @param dialNumber      caravan.voice-bridge.dial-number: the dialNumber of a create that names none (empty: the
 *                        node's own default)
 * @param user            caravan.dial-in.user: the user FreeSWITCH's mod_xml_curl authenticates as (basic)
 * @param password        caravan.dial-in.password: its password; empty: every dialplan lookup is refused
 * @param sipProfile      caravan.dial-in.sip-profile: the gateway's sofia profile the calls leave through
 * @param sipAddresses    caravan.dial-in.sip-addresses: node name → SIP host[:port], for nodes whose SIP address is
 *                        not the host of their API URL
 */
public record DialInSettings(long minVoiceBridge, long maxVoiceBridge, long ttlMillis, String dialNumber,
        String user, String password, String sipProfile, Map<String, String> sipAddresses) {

    public DialInSettings {
        sipAddresses = Map.copyOf(sipAddresses);
    }

    /** The range from length, min and max; an error names the key that is wrong. */
    static long[] range(String length, String min, String max) {
        int digits;
        try {
            digits = Integer.parseInt(length.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key caravan.voice-bridge.length must be a number of "
                    + "digits, was '" + length + "'");
        }
        // more than 9 digits is no number a caller would type on a phone
        if (digits < 1 || digits > 9) {
            throw new IllegalArgumentException("configuration key caravan.voice-bridge.length must be 1 to 9, was "
                    + digits);
        }
        long low = min.isBlank() ? (digits == 1 ? 1 : pow10(digits - 1)) : number("caravan.voice-bridge.min", min);
        long high = max.isBlank() ? pow10(digits) - 1 : number("caravan.voice-bridge.max", max);
        if (low > high) {
            throw new IllegalArgumentException("configuration key caravan.voice-bridge.min (" + low
                    + ") must not be above caravan.voice-bridge.max (" + high + ")");
        }
        return new long[] {low, high};
    }

    private static long number(String key, String text) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < 1 || value > 999_999_999L) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key " + key + " must be a number from 1 to 999999999, was '"
                    + text + "'");
        }
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** {@code bbb1=10.0.0.5:5060,bbb2=sip.bbb2.example.org}. */
    static Map<String, String> sipAddresses(String text) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1 || entry.substring(equals + 1).isBlank()) {
                throw new IllegalArgumentException("caravan.dial-in.sip-addresses takes node=host[:port] pairs "
                        + "separated by commas, not '" + entry.trim() + "'");
            }
            addresses.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return addresses;
    }

    @Override
    public String toString() {
        return "DialInSettings[voiceBridge=" + minVoiceBridge + ".." + maxVoiceBridge + ", ttlMillis=" + ttlMillis
                + ", dialNumber=" + dialNumber + ", user=" + user + ", password=" + (password.isEmpty() ? "none"
                : "set") + ", sipProfile=" + sipProfile + ", sipAddresses=" + sipAddresses + "]";
    }
}
