package io.libonomy.p2p.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.libonomy.p2p.api.InvalidConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One value of a config file with its full key ({@code p2p.tcp-port}); each accessor converts it
 * to the type the key takes, or throws an {@link InvalidConfigException} naming the key, what it
 * takes and what it got.
 */
record ConfigValue(String key, JsonNode node) {

  private static final List<String> RATE_LIMIT_KEYS = List.of("per-second", "burst");

  int integer() {
    if (!node.isIntegralNumber()) {
      throw expected("an integer");
    }
    if (!node.canConvertToInt()) {
      throw new InvalidConfigException(
          key + " must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
              + ", got " + node.asText());
    }
    return node.intValue();
  }

  boolean bool() {
    if (!node.isBoolean()) {
      throw expected("true or false");
    }
    return node.booleanValue();
  }

  String string() {
    if (!node.isTextual()) {
      throw expected("a string");
    }
    return node.textValue();
  }

  Duration duration() {
    if (!node.isTextual()) {
      throw expected("a duration string such as \"15s\"");
    }
    try {
      return GoDuration.parse(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          key + ": invalid duration " + show(node) + " (" + e.getMessage() + ")", e);
    }
  }

  /** The entries of a table, in file order. */
  Set<Map.Entry<String, JsonNode>> table() {
    if (!node.isObject()) {
      throw expected("a table");
    }
    return node.properties();
  }

  List<String> strings() {
    if (!node.isArray()) {
      throw expected("an array of strings");
    }
    List<String> strings = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      strings.add(new ConfigValue(key + "[" + i + "]", node.get(i)).string());
    }
    return strings;
  }

  OverflowPolicy overflowPolicy() {
    String name = string().toUpperCase(Locale.ROOT).replace('-', '_');
    for (OverflowPolicy policy : OverflowPolicy.values()) {
      if (policy.name().equals(name)) {
        return policy;
      }
    }
    throw expected("one of " + Arrays.stream(OverflowPolicy.values())
        .map(policy -> policy.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", ")));
  }

  /** An integer N (N a second, bursts of N) or a table {@code { per-second = N, burst = M }}. */
  RateLimit rateLimit() {
    if (node.isIntegralNumber()) {
      int rate = integer();
      ConfigChecks.atLeast(key, rate, 1);
      return RateLimit.of(rate, rate);
    }
    if (!node.isObject()) {
      throw expected("an integer or a table { per-second = N, burst = N }");
    }
    for (Map.Entry<String, JsonNode> entry : table()) {
      if (!RATE_LIMIT_KEYS.contains(entry.getKey())) {
        throw ConfigKeys.unknownKey(key + "." + entry.getKey(), RATE_LIMIT_KEYS);
      }
    }
    return RateLimit.of(rateComponent("per-second"), rateComponent("burst"));
  }

  private int rateComponent(String name) {
    String componentKey = key + "." + name;
    JsonNode component = node.get(name);
    if (component == null) {
      throw new InvalidConfigException(componentKey + " must be set");
    }
    int value = new ConfigValue(componentKey, component).integer();
    ConfigChecks.atLeast(componentKey, value, 1);
    return value;
  }

  private InvalidConfigException expected(String what) {
    return new InvalidConfigException(key + " must be " + what + ", got " + show(node));
  }

  /** The value as the file would spell it, strings quoted; containers by kind only. */
  private static String show(JsonNode node) {
    if (node.isTextual()) {
      return quote(node.textValue());
    }
    if (node.isObject()) {
      return "a table";
    }
    return node.isArray() ? "an array" : node.asText();
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    text.codePoints().limit(80).forEach(c -> {
      if (c == '"' || c == '\\') {
        quoted.append('\\').appendCodePoint(c);
      } else if (Character.isISOControl(c)) {
        quoted.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        quoted.appendCodePoint(c);
      }
    });
    return quoted.append(text.codePointCount(0, text.length()) > 80 ? "...\"" : "\"").toString();
  }
}
