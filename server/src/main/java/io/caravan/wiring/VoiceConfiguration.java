package io.caravan.wiring;

import io.caravan.config.DialInSettings;
import io.caravan.config.Settings;
import io.caravan.meetings.MeetingDirectory;
import io.caravan.nodes.NodeRegistry;
import io.caravan.store.RedisVoiceBridgeClaims;
import io.caravan.voice.DialInGate;
import io.caravan.voice.DialplanRequests;
import io.caravan.voice.Dialplans;
import io.caravan.voice.LocalVoiceBridgeClaims;
import io.caravan.voice.VoiceBridgeClaims;
import io.caravan.voice.VoiceBridges;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * Dial-in: the voiceBridge numbers of new meetings (shared in Redis with the other instances) and FreeSWITCH's
 * dialplan lookups (routes/dial-in.camel.yaml).
 */
public class VoiceConfiguration implements CamelConfiguration {

    /** Lazy: the dialplans below take it. Released and kept by what the meeting directory sees. */
    @BindToRegistry(lazy = true)
    public VoiceBridges voiceBridges(Settings settings, SharedStore store, MeetingDirectory directory) {
        DialInSettings dialIn = settings.dialIn();
        VoiceBridgeClaims claims = store.redis().<VoiceBridgeClaims>map(RedisVoiceBridgeClaims::new)
                .orElseGet(LocalVoiceBridgeClaims::new);
        VoiceBridges voiceBridges = new VoiceBridges(claims, dialIn.minVoiceBridge(), dialIn.maxVoiceBridge(),
                dialIn.ttlMillis(), dialIn.dialNumber());
        directory.onLocalChanges(voiceBridges::ended, voiceBridges::dropped, voiceBridges::stillRunning);
        return voiceBridges;
    }

    @BindToRegistry
    public DialInGate dialInGate(Settings settings) {
        return new DialInGate(settings.dialIn().user(), settings.dialIn().password());
    }

    @BindToRegistry
    public DialplanRequests dialplanRequests() {
        return new DialplanRequests();
    }

    @BindToRegistry
    public Dialplans dialplans(Settings settings, VoiceBridges voiceBridges, MeetingDirectory directory,
            NodeRegistry registry) {
        DialInSettings dialIn = settings.dialIn();
        return new Dialplans(voiceBridges, directory, registry, dialIn.sipProfile(), dialIn.sipAddresses(),
                dialIn.minVoiceBridge(), dialIn.maxVoiceBridge());
    }
}
