package io.caravan.voice;

/**
 * One lookup of FreeSWITCH's mod_xml_curl, the fields of its form POST that decide the answer.
 *
 * @param section     the configuration section asked for; only {@code dialplan} is answered
 * @param destination the number the caller dialled (Caller-Destination-Number), or null
 * @param pin         the PIN the caller typed in the prompt (variable_pin), or null before the prompt
 * @param context     the dialplan context the call is in (Caller-Context), or null
 */
public record DialplanRequest(String section, String destination, String pin, String context) {
}
