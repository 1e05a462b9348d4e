package io.caravan.recordings;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.bbb.XmlText;
import io.caravan.catalog.CatalogEntry;
import io.caravan.catalog.Recording;
import io.caravan.catalog.RecordingFormat;
import io.caravan.inventory.Tenant;

/**
 * A recording Caravan keeps as getRecordings lists it: bbb-web's {@code <recording>} (RecMetaXmlHelper's 2.x layout,
 * the one the nodes answer), its playback and preview URLs on Caravan's playback host. A protected recording also
 * says {@code <protected>true</protected>}, as Scalelite does; unprotected ones carry no such element, which bbb-web
 * does not write either.
 */
final class KeptRecordingXml {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> IMAGES = new TypeReference<>() {
    };

    private final FormatLink links;

    KeptRecordingXml(FormatLink links) {
        this.links = links;
    }

    /**
     * @param base   the playback host's scheme and host
     * @param tenant the tenant asking, whose clients know the meetingID without Caravan's namespace; null when the
     *               client is no tenant's (it sees meetingIDs as the nodes know them)
     */
    String xml(CatalogEntry entry, String base, Tenant tenant) {
        Recording r = entry.recording();
        String meetingId = tenant == null && r.tenant() != null ? r.tenant() + Tenant.SEPARATOR + r.meetingId()
                : r.meetingId();
        StringBuilder xml = new StringBuilder(2048);
        xml.append("<recording>");
        element(xml, "recordID", r.recordId());
        element(xml, "meetingID", meetingId);
        element(xml, "internalMeetingID", r.internalMeetingId());
        element(xml, "name", r.name());
        element(xml, "isBreakout", r.metadata().getOrDefault("isbreakout", "false"));
        element(xml, "published", String.valueOf("published".equals(r.state())));
        element(xml, "state", r.state());
        if (r.protectedPlayback()) {
            element(xml, "protected", "true");
        }
        element(xml, "startTime", String.valueOf(r.startTime()));
        element(xml, "endTime", String.valueOf(r.endTime()));
        element(xml, "participants", String.valueOf(r.participants()));
        element(xml, "rawSize", String.valueOf(r.rawSizeBytes()));
        xml.append("<metadata>");
        r.metadata().forEach((name, value) -> {
            if (isElementName(name)) {
                element(xml, name, value);
            }
        });
        xml.append("</metadata>");
        element(xml, "size", String.valueOf(r.formats().stream().mapToLong(RecordingFormat::sizeBytes).sum()));
        xml.append("<playback>");
        for (RecordingFormat format : r.formats()) {
            xml.append("<format>");
            element(xml, "type", format.type());
            element(xml, "url", links.url(base, r, format));
            element(xml, "processingTime", String.valueOf(format.processingTimeMillis()));
            element(xml, "length", String.valueOf(format.lengthMinutes()));
            element(xml, "size", String.valueOf(format.sizeBytes()));
            previews(xml, format, base);
            xml.append("</format>");
        }
        xml.append("</playback><data/></recording>");
        return xml.toString();
    }

    /** The preview images, their URLs moved from the node to the playback host (Caravan serves the same paths). */
    private static void previews(StringBuilder xml, RecordingFormat format, String base) {
        if (format.previewJson() == null) {
            return;
        }
        List<Map<String, Object>> images;
        try {
            images = JSON.readValue(format.previewJson(), IMAGES);
        } catch (java.io.IOException e) {
            return; // written by Caravan itself; an unreadable one only loses the thumbnails
        }
        if (images.isEmpty()) {
            return;
        }
        xml.append("<preview><images>");
        for (Map<String, Object> image : images) {
            xml.append("<image");
            attribute(xml, "width", image.get("width"));
            attribute(xml, "height", image.get("height"));
            attribute(xml, "alt", image.get("alt"));
            xml.append('>').append(XmlText.escape(onHost(String.valueOf(image.getOrDefault("url", "")), base)))
                    .append("</image>");
        }
        xml.append("</images></preview>");
    }

    /** The URL's path and query on the playback host; a relative one is made absolute there. */
    static String onHost(String url, String base) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return base + (url.startsWith("/") ? url : "/" + url);
        }
        int path = url.indexOf('/', scheme + 3);
        return base + (path < 0 ? "/" : url.substring(path));
    }

    private static void attribute(StringBuilder xml, String name, Object value) {
        if (value != null && !String.valueOf(value).isEmpty() && !"0".equals(String.valueOf(value))) {
            xml.append(' ').append(name).append("=\"").append(XmlText.escape(String.valueOf(value))).append('"');
        }
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>').append(XmlText.escape(value)).append("</").append(name).append('>');
    }

    /** Metadata names that can be XML element names (bbb-web writes them as elements; others it cannot). */
    private static boolean isElementName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')
                || name.regionMatches(true, 0, "xml", 0, 3)) {
            return false;
        }
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
    }
}
