package io.caravan.voice;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import io.caravan.inventory.Node;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.meetings.MeetingLocation;
import io.caravan.nodes.NodeRegistry;
import io.caravan.routes.ExchangeProperties;
import io.caravan.shared.StoreUnavailable;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers FreeSWITCH's dialplan lookups, the protocol Scalelite's /fsapi speaks to a call gateway. The first lookup
 * of a call (no PIN yet) answers the call and asks for the conference PIN, which FreeSWITCH keeps in the channel
 * variable {@code pin} and dials anew; that second lookup bridges the call over SIP to the node hosting the meeting
 * with that voiceBridge, or plays "bad pin" and asks again. A number that is itself a running meeting's PIN (a SIP
 * client dialling it directly) is bridged at once. A PIN one digit longer than a meeting's is one of its breakout
 * rooms, on the same node.
 */
public final class Dialplans {

    private static final Logger LOG = LoggerFactory.getLogger(Dialplans.class);
    private static final String PROMPT_TRIES = "3";
    private static final String PROMPT_TIMEOUT_MILLIS = "7000";

    private final VoiceBridges voiceBridges;
    private final MeetingDirectory directory;
    private final NodeRegistry registry;
    private final String sipProfile;
    private final Map<String, String> sipAddresses;
    private final int minDigits;
    private final int maxDigits;

    public Dialplans(VoiceBridges voiceBridges, MeetingDirectory directory, NodeRegistry registry, String sipProfile,
            Map<String, String> sipAddresses, long minVoiceBridge, long maxVoiceBridge) {
        this.voiceBridges = voiceBridges;
        this.directory = directory;
        this.registry = registry;
        this.sipProfile = sipProfile;
        this.sipAddresses = Map.copyOf(sipAddresses);
        this.minDigits = Long.toString(minVoiceBridge).length();
        this.maxDigits = Long.toString(maxVoiceBridge).length();
    }

    /** The answer to one lookup, as the body of a 200 text/xml. */
    public void answer(Exchange exchange, @ExchangeProperty(ExchangeProperties.DIALPLAN_REQUEST) DialplanRequest request) {
        respond(exchange.getMessage(), 200, decide(request));
    }

    String decide(DialplanRequest request) {
        if (!"dialplan".equals(request.section()) || !DialplanXml.plain(request.destination())) {
            return DialplanXml.notFound();
        }
        String context = DialplanXml.plain(request.context()) ? request.context() : "public";
        if (request.pin() == null) {
            Optional<String> bridge = DialplanXml.digits(request.destination()) ? bridgeTo(request.destination())
                    : Optional.empty();
            return bridge.map(address -> bridge(context, request.destination(), address))
                    .orElseGet(() -> prompt(context, request.destination()));
        }
        Optional<String> bridge = DialplanXml.digits(request.pin()) ? bridgeTo(request.pin()) : Optional.empty();
        if (bridge.isEmpty()) {
            LOG.info("dial-in PIN {} is no running meeting's, asking again", request.pin());
            return reprompt(context, request.destination());
        }
        return bridge(context, request.destination(), bridge.get());
    }

    /** The SIP destination of a PIN: the meeting holding it (or its parent, for a breakout room's) on its node. */
    private Optional<String> bridgeTo(String pin) {
        try {
            Optional<Node> node = nodeOf(voiceBridges.meetingOf(pin));
            if (node.isEmpty() && pin.length() > minDigits) {
                node = nodeOf(voiceBridges.meetingOf(pin.substring(0, pin.length() - 1)));
            }
            return node.flatMap(this::sipAddress).map(address -> "sofia/" + sipProfile + "/" + pin + "@" + address);
        } catch (StoreUnavailable e) {
            LOG.warn("dial-in PIN {} not looked up: {}", pin, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Node> nodeOf(String meetingId) {
        if (meetingId == null) {
            return Optional.empty();
        }
        return directory.find(meetingId).map(MeetingLocation::node).filter(registry::canServe)
                .flatMap(registry::node);
    }

    private Optional<String> sipAddress(Node node) {
        String configured = sipAddresses.get(node.name());
        if (configured != null) {
            return Optional.of(configured);
        }
        try {
            return Optional.ofNullable(URI.create(node.apiUrl()).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String bridge(String context, String destination, String sipDestination) {
        return DialplanXml.dialplan(context, "caravan_bridge_to_node", destination,
                DialplanXml.actions("bridge", sipDestination));
    }

    private String prompt(String context, String destination) {
        return DialplanXml.dialplan(context, "caravan_prompt_for_pin", destination, DialplanXml.actions(
                "answer", null,
                "sleep", "500",
                "playback", "ivr/ivr-welcome.wav",
                "sleep", "200",
                "play_and_get_digits", pinDigits(),
                "transfer", "${pin} XML " + context));
    }

    private String reprompt(String context, String destination) {
        return DialplanXml.dialplan(context, "caravan_reprompt_for_pin", destination, DialplanXml.actions(
                "playback", "conference/conf-bad-pin.wav",
                "sleep", "500",
                "play_and_get_digits", pinDigits(),
                "transfer", "${pin} XML " + context));
    }

    /** play_and_get_digits: min and max digits, tries, timeout, terminator, prompt, invalid sound, variable, regex. */
    private String pinDigits() {
        return minDigits + " " + maxDigits + " " + PROMPT_TRIES + " " + PROMPT_TIMEOUT_MILLIS
                + " # conference/conf-enter_conf_pin.wav conference/conf-bad-pin.wav pin [0-9]+";
    }

    /** 401 for FreeSWITCH, which then falls back to its static dialplan. */
    public void unauthorized(Exchange exchange) {
        Message message = exchange.getMessage();
        respond(message, 401, "");
        message.setHeader("WWW-Authenticate", "Basic realm=\"caravan\"");
    }

    /** A failure (a bug): logged; FreeSWITCH gets "not found", never a stack trace. */
    public void error(Exchange exchange) {
        LOG.error("dialplan lookup failed", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        respond(exchange.getMessage(), 200, DialplanXml.notFound());
    }

    private static void respond(Message message, int status, String xml) {
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/xml; charset=utf-8");
        message.setBody(xml.getBytes(StandardCharsets.UTF_8));
    }
}
