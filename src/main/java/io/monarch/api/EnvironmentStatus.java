package io.monarch.api;

import java.util.List;

/**
 * What {@code monarch status} finds in an environment.
 *
 * @param lock    who holds its lock, in a sentence; null when nobody does
 * @param running restores and copies into it still running
 * @param cleaned what runs that died had left, and what was done about it (staging dropped, a swap finished)
 */
public record EnvironmentStatus(String environment, String lock, List<String> running, List<String> cleaned) {
}
