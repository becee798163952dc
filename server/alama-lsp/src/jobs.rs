//! Work on open documents that runs off the session's lock, so that a long
//! document never holds up the requests about others: recognizing a
//! document's whole text, and writing its diagnostics.
//!
//! Handlers change the session under its lock, then call [`after_change`]
//! before they release it. A job takes what it needs (the text, the
//! mentions, the engine, all shared) and runs on a blocking thread; its
//! result is installed under the lock only if the document has not changed
//! since, and the newest state is published last. A short document is done
//! at once, under the lock: it takes a few milliseconds, and a request that
//! follows its change sees it done.

use std::path::Path;
use std::time::{Duration, Instant};

use alama_core::engine::BOUNDED_FROM;
use alama_ide::workspace::RecognitionJob;
use tower_lsp_server::ls_types::Uri;

use crate::diagnostics::Publication;
use crate::server::Server;
use crate::session::Session;

/// The length of text, in bytes, from which a document is recognized and
/// its diagnostics written off the lock.
const LONG: usize = 128 * 1024;

/// Starts the recognitions the workspaces want, and publishes the open
/// documents whose mentions changed, and `also` that one (an edited
/// document, whose mentions may be the same but not their places).
pub fn after_change(server: &Server, session: &mut Session, also: Option<&Uri>) {
    recognize_wanted(server, session);
    let changed: Vec<_> = session
        .workspaces_mut()
        .flat_map(|w| w.take_changed())
        .collect();
    let uris: Vec<Uri> = session
        .buffers()
        .filter(|(uri, b)| changed.contains(&b.path) || Some(*uri) == also)
        .map(|(uri, _)| uri.clone())
        .collect();
    for uri in &uris {
        publish(server, session, uri);
    }
}

/// Starts the recognitions the workspaces want, and publishes every open
/// document (new settings, new workspaces).
pub fn publish_all(server: &Server, session: &mut Session) {
    recognize_wanted(server, session);
    for workspace in session.workspaces_mut() {
        workspace.take_changed();
    }
    let uris: Vec<Uri> = session.buffers().map(|(uri, _)| uri.clone()).collect();
    for uri in &uris {
        publish(server, session, uri);
    }
}

/// Starts the recognitions the workspaces want: a short document's at
/// once, the others' on blocking threads.
///
/// A document recognized in bounded pieces (see [`BOUNDED_FROM`]) does not
/// keep its last diagnostics while it is, and the next are written whole:
/// kept, they would be a second copy of its diagnostics (hundreds of
/// megabytes for a document of a hundred) beside the memory the
/// recognition takes.
fn recognize_wanted(server: &Server, session: &mut Session) {
    // The recognitions start once the lock is released, after these are
    // marked.
    let mut bounded = Vec::new();
    for workspace in session.workspaces_mut() {
        for job in workspace.recognition_jobs() {
            if job.text_len() < LONG {
                workspace.finish_recognition(job.run());
            } else {
                if job.text_len() >= BOUNDED_FROM {
                    bounded.push(job.path().to_owned());
                }
                recognize(server, job);
            }
        }
    }
    for path in bounded {
        session.set_recognizing_long(&path, true);
    }
}

/// Recognizes a document's whole text on a blocking thread, then installs
/// the suggestions unless the document changed meanwhile.
fn recognize(server: &Server, job: RecognitionJob) {
    let server = server.clone();
    tokio::spawn(async move {
        let path = job.path().to_owned();
        let done = tokio::task::spawn_blocking(move || {
            hold("ALAMA_TEST_HOLD_RECOGNITION");
            let bounded = job.text_len() >= BOUNDED_FROM;
            let done = job.run();
            // Recognizing a document in bounded pieces frees several times
            // its size on threads that have ended or sleep.
            if bounded {
                crate::release_freed_memory();
            }
            done
        })
        .await;
        let mut session = server.session();
        session.set_recognizing_long(&path, false);
        match done {
            Ok(done) => {
                if let Some(workspace) = session.workspace_mut(&path) {
                    workspace.finish_recognition(done);
                }
            }
            Err(error) => tracing::error!("recognizing {} failed: {error}", path.display()),
        }
        after_change(&server, &mut session, None);
        // The lenses count the suggestions, which the whole text changed.
        server.refresh_code_lenses(session.support().code_lens_refresh);
    });
}

/// Writes the diagnostics of an open document on a blocking thread, then
/// sends them unless the document changed meanwhile: then they are written
/// again, for its new state. A document is published once its whole text
/// is recognized and the corpus indexed (its first diagnostics have the
/// names confirmed elsewhere in it, and a command on them is not refused
/// for indexing); one that no workspace has open gets no diagnostics (an
/// empty list).
pub fn publish(server: &Server, session: &mut Session, uri: &Uri) {
    if session.is_provisional() {
        return;
    }
    let encoding = session.encoding();
    let Some((buffer, workspace, settings)) = session.buffer_in_workspace(uri) else {
        return;
    };
    let open = workspace.open_document(&buffer.path).is_some();
    if open && !workspace.is_recognized(&buffer.path) {
        return;
    }
    if buffer.publishing {
        buffer.republish = true;
        return;
    }
    let snapshot = buffer.snapshot(workspace, uri, settings, encoding);
    if snapshot.text_len() < LONG {
        let (publication, written) = snapshot.write(buffer.published.take());
        buffer.published = written;
        send(
            server,
            uri,
            &mut buffer.changed_at,
            &publication,
            buffer.version,
        );
        return;
    }
    let last = buffer.published.take();
    buffer.publishing = true;
    buffer.edited_from = usize::MAX;
    let opening = buffer.opening;
    let server = server.clone();
    let uri = uri.clone();
    tokio::spawn(async move {
        let version = snapshot.version();
        let written = tokio::task::spawn_blocking(move || snapshot.write(last)).await;
        let mut session = server.session();
        let Some(buffer) = session.buffer_mut(&uri).filter(|b| b.opening == opening) else {
            return;
        };
        buffer.publishing = false;
        let (publication, written) = match written {
            Ok(written) => written,
            Err(error) => {
                tracing::error!(
                    "writing the diagnostics of {} failed: {error}",
                    uri.as_str()
                );
                return;
            }
        };
        if let Some(mut written) = written.filter(|_| !buffer.recognizing_long) {
            written.edited_from(buffer.edited_from);
            buffer.published = Some(written);
        }
        if buffer.republish || buffer.version != version {
            buffer.republish = false;
            publish(&server, &mut session, &uri);
            return;
        }
        send(&server, &uri, &mut buffer.changed_at, &publication, version);
    });
}

/// Sends a document's diagnostics, and logs how long they took since the
/// change they follow.
fn send(
    server: &Server,
    uri: &Uri,
    changed_at: &mut Option<(Instant, bool)>,
    publication: &Publication,
    version: i32,
) {
    if let Some((since, opened)) = changed_at.take() {
        let what = if opened { "opened:" } else { "recognized and" };
        tracing::debug!(
            "{}: version {version} {what} {} diagnostics made in {:.1} ms",
            uri.as_str(),
            publication.len,
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    server.output.publish_diagnostics(publication);
}

/// A hook for tests, in debug builds only: while the file named by the
/// environment variable `variable` exists, waits. `ALAMA_TEST_HOLD_INDEX`
/// holds indexing after the projects are read and before their documents
/// are, `ALAMA_TEST_HOLD_RECOGNITION` every whole-text recognition of an
/// open document. Release builds never read them.
pub fn hold(variable: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(file) = std::env::var_os(variable) else {
        return;
    };
    while Path::new(&file).exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
}
