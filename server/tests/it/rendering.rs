//! Pages render while other applications start in the same process.
//!
//! Leptos suppresses resource loading while it generates a route list, through one
//! process-wide flag; a page whose data was first asked for inside that window waited for
//! ever (the flaky hang of `outside_demo_mode_there_is_no_demo_sign_in`). `server::build`
//! now generates the list once per process, so starting another application never opens
//! the window again.

use crate::common::*;
use reqwest::StatusCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Builds applications one after another (as the tests do, many per process) while pages
/// of a running server are requested without pause, four at a time. With a route list
/// generated at every build, this test failed in 20 runs out of 20 (a page waited for
/// ever; the client gave up after 10 s); with the list generated once, it passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_applications_start() {
    let s = TestServer::start_with(false).await;
    let building = Arc::new(AtomicBool::new(true));
    let mut readers = Vec::new();
    for _ in 0..4 {
        let (url, building) = (s.url("/aanmelden"), building.clone());
        let c = reqwest::Client::builder()
            // Detects a page that never answers; it is not what makes it answer.
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        readers.push(tokio::spawn(async move {
            let mut pages = 0u32;
            while building.load(Ordering::Relaxed) {
                let res = c.get(&url).send().await.map_err(|e| e.to_string())?;
                if res.status() != StatusCode::OK {
                    return Err(format!("status {}", res.status()));
                }
                let html = res.text().await.map_err(|e| e.to_string())?;
                if !html.contains("Aanmelden met gebruikersnaam") {
                    return Err("the sign-in page without its content".to_owned());
                }
                pages += 1;
            }
            Ok(pages)
        }));
    }
    let dir = std::env::temp_dir().join(format!("toegang-rendering-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..40 {
        let db = format!("sqlite://{}/b{i}.db", dir.display());
        let addr = "127.0.0.1:9".parse().unwrap();
        drop(build(&db, addr, false).await);
    }
    building.store(false, Ordering::Relaxed);
    let _ = std::fs::remove_dir_all(&dir);
    let mut pages = 0;
    for r in readers {
        pages += r.await.unwrap().expect("every page answers");
    }
    assert!(pages > 0, "pages were requested while applications started");
}
