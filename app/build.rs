//! Generates the `i18n` module from `locales/<language>/<namespace>.json` (leptos_i18n).
//! Dutch is the reference: a key missing from, or surplus in, another language fails the
//! build, as does any other warning of the parser.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

const NAMESPACES: [&str; 16] = [
    "common", "errors", "outcome", "home", "group", "member", "user", "managers", "ebox",
    "chaman", "contact", "signin", "offline", "mail", "logbook", "tokens",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let config = Config::new("nl")
        .and_then(|c| c.add_locales(["fr", "de", "en"]))
        .and_then(|c| c.add_namespaces(NAMESPACES))
        .expect("the languages and namespaces")
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(config).expect("the translations parse");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    let gaps = gaps();
    if !gaps.is_empty() {
        panic!("the translations are not complete:\n{}", gaps.join("\n"));
    }
    infos
        .generate_i18n_module(out.join("i18n"))
        .expect("the i18n module is written");
}

/// Every key that one language has and another lacks (Dutch is the reference).
fn gaps() -> Vec<String> {
    let mut gaps = Vec::new();
    for ns in NAMESPACES {
        let reference = keys("nl", ns);
        for lang in ["fr", "de", "en"] {
            let other = keys(lang, ns);
            gaps.extend(reference.difference(&other).map(|k| format!("{lang}/{ns}: missing {k}")));
            gaps.extend(other.difference(&reference).map(|k| format!("{lang}/{ns}: surplus {k}")));
        }
    }
    gaps
}

fn keys(lang: &str, ns: &str) -> std::collections::BTreeSet<String> {
    let path = format!("locales/{lang}/{ns}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = std::collections::BTreeSet::new();
    flatten("", &value, &mut out);
    out
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        _ => {
            out.insert(prefix.to_owned());
        }
    }
}
