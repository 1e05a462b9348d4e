package io.caravan.storage;

/** One preview image of a playback format ({@code <extensions><preview><images><image>} in metadata.xml). */
public record PreviewImage(String url, int width, int height, String alt) {
}
