package org.recsae.runtime.probe;

/** One plugin's answer for one model, kept for the report and for "no plugin recognises" errors. */
public record PluginVerdict(String plugin, String version, boolean accepted, String reason) {
}
