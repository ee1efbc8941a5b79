//! Real delivery of the outbox: e-mail over SMTP (to an SMTP server these tests start on
//! loopback) and SMS through an HTTP gateway (a local fake), the secret put in only at
//! send time, a failed send retried after its lease, and an unsent secret purged when it
//! expires.

use crate::common::*;
use crate::signin::register_foreign;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Json;
use server::clock::SystemClock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP server: accepts every message and keeps its DATA.
async fn smtp_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let kept = mails.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { return };
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            kept.lock().unwrap().push(data.take().unwrap());
                            let _ = write.write_all(b"250 OK queued\r\n").await;
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-test\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (format!("smtp://{addr}"), mails)
}

/// A fake SMS gateway: answers 503 to the first `failures` requests, then keeps each
/// (token, to, text).
async fn sms_gateway(failures: usize) -> (String, Arc<Mutex<Vec<(String, String, String)>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sent = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(AtomicUsize::new(0));
    let kept = sent.clone();
    let app = axum::Router::new().route(
        "/sms",
        post(move |headers: HeaderMap, Json(m): Json<serde_json::Value>| {
            let (kept, calls) = (kept.clone(), calls.clone());
            async move {
                if calls.fetch_add(1, Ordering::SeqCst) < failures {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                let token = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let field = |k: &str| m[k].as_str().unwrap_or("").to_owned();
                kept.lock().unwrap().push((token, field("to"), field("text")));
                StatusCode::ACCEPTED
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/sms"), sent)
}

/// Waits (up to 20 seconds) until `done` holds.
async fn eventually(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("not delivered in time");
}

#[tokio::test]
async fn email_goes_over_smtp_and_the_password_by_the_sms_gateway() {
    let (smtp, mails) = smtp_server().await;
    let (gateway, sms) = sms_gateway(1).await; // the first attempt fails
    let s = TestServer::start_with_env(
        false,
        Arc::new(SystemClock),
        &[
            ("TOEGANG_SMTP_URL", &smtp),
            ("TOEGANG_MAIL_FROM", "Toegangsbeheer <toegang@example.be>"),
            ("TOEGANG_SMS_URL", &gateway),
            ("TOEGANG_SMS_TOKEN", "gateway-token"),
        ],
    )
    .await;
    let (username, temporary) = register_foreign(&s).await;
    eventually(|| !mails.lock().unwrap().is_empty()).await;
    let mail = mails.lock().unwrap()[0].clone();
    assert!(mail.contains("To: jan@smit-logistiek.nl"), "{mail}");
    assert!(mail.contains("From: Toegangsbeheer <toegang@example.be>"), "{mail}");
    assert!(mail.contains(&username), "{mail}");
    // The gateway refused once: the SMS waits for its lease to run out, then goes.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(sms.lock().unwrap().is_empty(), "retried only after the lease");
    crate::database::execute(&s.db_url, "UPDATE outbox SET claimed_until = 0 WHERE sent_at IS NULL").await;
    eventually(|| !sms.lock().unwrap().is_empty()).await;
    let (token, to, text) = sms.lock().unwrap()[0].clone();
    assert_eq!((token.as_str(), to.as_str()), ("Bearer gateway-token", "+31612345678"));
    assert!(text.contains(&temporary), "the real password, put in at send time: {text}");
    // Sent: marked, the secret forgotten; the second attempt is recorded.
    for _ in 0..50 {
        let stored = outbox_stored(&s).await;
        if stored.iter().all(|m| m.sent_at.is_some()) {
            let m = stored.iter().find(|m| m.channel == "sms").unwrap();
            assert_eq!((m.secret.as_deref(), m.attempts), (None, 2));
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("not marked sent");
}

#[tokio::test]
async fn an_unsent_temporary_password_is_purged_when_it_expires() {
    let s = TestServer::start_with(false).await; // no sender: messages wait
    register_foreign(&s).await;
    assert!(outbox_stored(&s).await.iter().any(|m| m.secret.is_some()));
    let store = server::store::open(&s.db_url).await.unwrap();
    let now = server::auth::secrets::now();
    let days = domain::signin::TEMPORARY_PASSWORD_DAYS;
    toegang_at(store.clone(), now + days * 86400 - 60)
        .run_hourly()
        .await
        .unwrap();
    assert!(outbox_stored(&s).await.iter().any(|m| m.secret.is_some()), "not yet");
    toegang_at(store, now + days * 86400 + 60)
        .run_hourly()
        .await
        .unwrap();
    let left = outbox_stored(&s).await;
    assert!(left.iter().all(|m| m.secret.is_none()), "the SMS with the password is gone");
    assert!(left.iter().any(|m| m.channel == "email"), "the e-mail (no secret) stays");
}

/// Keeps the id of every message it is given.
struct Recorder(Arc<Mutex<Vec<i64>>>);

#[async_trait::async_trait]
impl server::outbox::Sender for Recorder {
    async fn send(&self, m: &server::outbox::Outgoing<'_>) -> Result<(), String> {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        self.0.lock().unwrap().push(m.message.id);
        Ok(())
    }
}

/// Two instances (two stores with their own connections, each its own claimer) deliver one
/// outbox at the same moment: every message goes out exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_deliver_one_outbox_and_each_message_goes_once() {
    let db = crate::database::TestDatabase::fresh();
    let instances = [
        server::store::open(&db.url).await.unwrap(),
        server::store::open(&db.url).await.unwrap(),
    ];
    let now = server::clock::Clock::now(&SystemClock);
    let mut tx = instances[0].write().await.unwrap();
    for i in 0..130 {
        let to = format!("person{i}@example.be");
        let m = server::store::NewMessage {
            channel: "email", recipient: &to, subject: "Toegang", body: "Beste", secret: None,
        };
        tx.enqueue(&m, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let sent = Arc::new(Mutex::new(Vec::new()));
    let sealer = server::seal::Sealer::new(&server::seal::parse_key(SECRET_KEY).unwrap());
    let senders = instances.iter().enumerate().map(|(i, store)| {
        let store = store.clone();
        let recorder = Recorder(sent.clone());
        let sealer = sealer.clone();
        tokio::spawn(async move {
            let mut total = 0;
            // Rounds until a round finds nothing left.
            loop {
                let n = server::outbox::deliver(
                    store.as_ref(), &recorder, &SystemClock, &sealer, &format!("instance-{i}"),
                )
                .await
                .unwrap();
                if n == 0 {
                    break total;
                }
                total += n;
            }
        })
    });
    let per_instance: Vec<usize> = futures::future::join_all(senders)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let mut ids = sent.lock().unwrap().clone();
    assert_eq!(ids.len(), 130, "each message sent once: {per_instance:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 130, "none twice");
    assert_eq!(per_instance.iter().sum::<usize>(), 130);
    let unsent = crate::database::number(&db.url, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await;
    assert_eq!(unsent, 0);
}
