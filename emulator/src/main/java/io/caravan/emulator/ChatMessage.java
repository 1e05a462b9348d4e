package io.caravan.emulator;

/**
 * A message a meeting's public chat received through sendChatMessage.
 *
 * @param userName the sender's name as shown (bbb-web's default {@code System} when the call gave none)
 * @param message  the message, as bbb-web sanitised it (control characters out, trimmed)
 */
public record ChatMessage(String userName, String message) {
}
