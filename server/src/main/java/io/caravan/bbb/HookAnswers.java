package io.caravan.bbb;

import java.util.List;

/**
 * bbb-webhooks' answers to its API ({@code /bigbluebutton/api/hooks/create, list, destroy}: responses.js and api.js
 * of bigbluebutton/bbb-webhooks), and its errors as {@link BbbError}s, which share bbb-web's FAILED document.
 */
public final class HookAnswers {

    /** One hook as {@code hooks/list} shows it; meetingID and eventIDs null when the hook has none. */
    public record Listed(String id, String callbackUrl, String meetingId, List<String> eventIds, boolean raw) {
    }

    private HookAnswers() {
    }

    public static String created(String id, boolean raw) {
        return "<response><returncode>SUCCESS</returncode><hookID>" + XmlText.escape(id)
                + "</hookID><permanentHook>false</permanentHook><rawData>" + raw + "</rawData></response>";
    }

    /** A create for a callbackURL that has a hook already: that hook, and a warning. */
    public static String duplicate(String id) {
        return "<response><returncode>SUCCESS</returncode><hookID>" + XmlText.escape(id)
                + "</hookID><messageKey>duplicateWarning</messageKey>"
                + "<message>There is already a hook for this callback URL.</message></response>";
    }

    public static String destroyed() {
        return "<response><returncode>SUCCESS</returncode><removed>true</removed></response>";
    }

    /** bbb-webhooks writes meetingID and the callback URL as CDATA, the rest as text. */
    public static String list(List<Listed> hooks) {
        StringBuilder xml = new StringBuilder("<response><returncode>SUCCESS</returncode><hooks>");
        for (Listed hook : hooks) {
            xml.append("<hook><hookID>").append(XmlText.escape(hook.id())).append("</hookID><callbackURL>")
                    .append(cdata(hook.callbackUrl())).append("</callbackURL>");
            if (hook.meetingId() != null) {
                xml.append("<meetingID>").append(cdata(hook.meetingId())).append("</meetingID>");
            }
            if (hook.eventIds() != null) {
                xml.append("<eventID>").append(XmlText.escape(String.join(",", hook.eventIds()))).append("</eventID>");
            }
            xml.append("<permanentHook>false</permanentHook><rawData>").append(hook.raw()).append("</rawData></hook>");
        }
        return xml.append("</hooks></response>").toString();
    }

    private static String cdata(String text) {
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    public static BbbError missingCallbackUrl() {
        return new BbbError("missingParamCallbackURL", "You must specify a callbackURL in the parameters.");
    }

    public static BbbError createFailed() {
        return new BbbError("createHookError", "An error happened while creating your hook. Check the logs.");
    }

    public static BbbError missingHookId() {
        return new BbbError("missingParamHookID", "You must specify a hookID in the parameters.");
    }

    public static BbbError missingHook() {
        return new BbbError("destroyMissingHook", "The hook informed was not found.");
    }

    public static BbbError destroyFailed() {
        return new BbbError("destroyHookError", "An error happened while removing your hook. Check the logs.");
    }

    public static BbbError listFailed() {
        return new BbbError("listHookError", "An error happened while listing registered hooks. Check the logs.");
    }
}
