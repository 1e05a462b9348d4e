package io.caravan.recordings;

import io.caravan.bbb.NodeAnswers;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * caravan.recordings.playback-host: the host clients fetch recordings from instead of the node (a proxy or a shared
 * recordings server in front of the nodes). It replaces the scheme and host, or the host alone, of every
 * {@code <playback><format><url>} and preview {@code <image>} of a {@code <recording>}; paths and queries stay as
 * the node wrote them. Empty: URLs keep pointing at the node.
 */
final class PlaybackHost {

    private final String scheme;
    private final String authority;

    /** @param host {@code https://host[:port]}, {@code host[:port]} or empty (validated by Settings) */
    PlaybackHost(String host) {
        int separator = host.indexOf("://");
        this.scheme = separator < 0 ? null : host.substring(0, separator);
        this.authority = separator < 0 ? host : host.substring(separator + 3);
    }

    boolean enabled() {
        return !authority.isEmpty();
    }

    /** Rewrites the recording's playback and preview URLs in place. */
    void apply(Element recording) {
        if (!enabled()) {
            return;
        }
        Element playback = NodeAnswers.element(recording, "playback");
        if (playback == null) {
            return;
        }
        for (Node f = playback.getFirstChild(); f != null; f = f.getNextSibling()) {
            if (!(f instanceof Element format) || !"format".equals(format.getTagName())) {
                continue;
            }
            rewriteText(NodeAnswers.element(format, "url"));
            Element preview = NodeAnswers.element(format, "preview");
            Element images = preview == null ? null : NodeAnswers.element(preview, "images");
            if (images != null) {
                for (Node i = images.getFirstChild(); i != null; i = i.getNextSibling()) {
                    if (i instanceof Element image && "image".equals(image.getTagName())) {
                        rewriteText(image);
                    }
                }
            }
        }
    }

    private void rewriteText(Element element) {
        if (element != null) {
            element.setTextContent(rewrite(element.getTextContent().trim()));
        }
    }

    /** The URL with its scheme and host replaced; anything that is not an absolute http(s) URL is kept. */
    String rewrite(String url) {
        int separator = url.indexOf("://");
        if (separator < 0) {
            return url;
        }
        String urlScheme = url.substring(0, separator);
        if (!urlScheme.equalsIgnoreCase("http") && !urlScheme.equalsIgnoreCase("https")) {
            return url;
        }
        int start = separator + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return (scheme == null ? urlScheme : scheme) + "://" + authority + url.substring(end);
    }
}
