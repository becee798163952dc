//! Reading the settings and (re)indexing the workspace folders, with
//! `$/progress` when the client shows it.

use std::sync::atomic::{AtomicU32, Ordering};

use alama_ide::workspace::{DocumentFilter, Workspace};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::*;

use crate::jobs;
use crate::server::Server;

use crate::session::Session;
use crate::settings::Settings;

/// Reads the `alama` section of the client's configuration, if the client
/// offers it; returns whether the settings changed.
pub async fn pull_settings(server: &Server) -> bool {
    if !server.session().support().configuration {
        return false;
    }
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("alama".to_owned()),
    };
    let value = match server.client.configuration(vec![item]).await {
        Ok(mut values) if !values.is_empty() => values.swap_remove(0),
        Ok(_) => return false,
        Err(error) => {
            tracing::warn!("workspace/configuration failed: {error}");
            return false;
        }
    };
    apply_settings(server, &value).await
}

/// Installs settings sent by the client; returns whether they changed. A
/// client without an `alama` section sends null: the settings stay.
/// Unknown keys and invalid values are shown to the user as a warning,
/// and the rest applies (see [`Settings::from_json`]); a section that is
/// not an object is shown as a warning and changes nothing.
pub async fn apply_settings(server: &Server, value: &serde_json::Value) -> bool {
    if value.get("alama").unwrap_or(value).is_null() {
        return false;
    }
    match Settings::from_json(value) {
        Ok(read) => {
            let changed = server.session().set_settings(read.settings);
            if let Some(warning) = read.warning {
                server.warn(warning).await;
            }
            changed
        }
        Err(message) => {
            server.warn(message).await;
            false
        }
    }
}

/// What the indexing thread tells the task that waits for it.
enum Report {
    /// The projects are read: workspaces without documents, to stand in
    /// for those being indexed the first time.
    Provisional(Vec<Workspace>),
    /// Documents indexed of the folder being indexed, and its percentage.
    Progress { done: usize, total: usize },
}

/// Indexes every workspace folder anew, then opens the open buffers in
/// them and publishes their diagnostics. The first time, the open buffers
/// are recognized meanwhile by workspaces that know no corpus yet. Requests
/// are answered throughout: nothing waits for the index.
pub async fn index(server: &Server) {
    let (folders, settings, support, number) = server.session().start_indexing();
    if folders.is_empty() {
        server
            .warn(
                "alama: no workspace folder is open, so there is no corpus to annotate".to_owned(),
            )
            .await;
    }
    let filter = match DocumentFilter::new(&settings.include, &settings.exclude) {
        Ok(filter) => filter.with_max_size(settings.max_document_bytes()),
        Err(error) => {
            server
                .warn(format!(
                    "alama: bad glob in the include/exclude settings: {error}"
                ))
                .await;
            DocumentFilter::default().with_max_size(settings.max_document_bytes())
        }
    };

    let progress = if support.work_done_progress {
        let token = ProgressToken::String("alama/index".to_owned());
        match server.client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                server
                    .client
                    .progress(token, "Indexing the corpus")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(_) => None,
        }
    } else {
        None
    };
    let (sender, mut receiver) = mpsc::unbounded_channel::<Report>();
    let started = std::time::Instant::now();
    let job = tokio::task::spawn_blocking(move || {
        let mut loaded: Vec<_> = folders
            .iter()
            .map(|root| Workspace::new(root, filter.clone()))
            .collect();
        let provisional = loaded.iter().map(|(w, _)| w.provisional()).collect();
        let _ = sender.send(Report::Provisional(provisional));
        jobs::hold("ALAMA_TEST_HOLD_INDEX");
        for (workspace, problems) in &mut loaded {
            // Each folder counts from zero: its progress is sent at every
            // new percent and at its end.
            let last = AtomicU32::new(0);
            let report = |done: usize, total: usize| {
                let percent = (done * 100 / total.max(1)) as u32;
                if last.fetch_max(percent, Ordering::Relaxed) < percent || done == total {
                    let _ = sender.send(Report::Progress { done, total });
                }
            };
            problems.extend(workspace.index(&report));
        }
        // Reading the corpus freed many times what the index keeps.
        crate::release_freed_memory();
        loaded
    });
    let mut reported = 0;
    while let Some(report) = receiver.recv().await {
        match report {
            Report::Provisional(workspaces) => {
                let mut session = server.session();
                if session.is_last_indexing(number) && session.workspaces().is_empty() {
                    install(server, &mut session, workspaces, true);
                }
            }
            Report::Progress { done, total } => {
                server.session().indexing_progress(done, total);
                let percent = (done * 100 / total.max(1)) as u32;
                if let Some(progress) = progress.as_ref().filter(|_| percent != reported) {
                    reported = percent;
                    progress.report(percent).await;
                }
            }
        }
    }
    let loaded = match job.await {
        Ok(loaded) => loaded,
        Err(error) => {
            server
                .warn(format!("alama: indexing failed: {error}"))
                .await;
            Vec::new()
        }
    };
    let documents: usize = loaded.iter().map(|(w, _)| w.len()).sum();
    let message = format!(
        "{documents} documents indexed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    tracing::info!("{message}");
    if let Some(progress) = progress {
        progress.finish_with_message(message).await;
    }

    let mut problems = Vec::new();
    {
        let mut session = server.session();
        // A newer indexing (new settings, say) replaces this one.
        if !session.is_last_indexing(number) {
            return;
        }
        let workspaces = loaded
            .into_iter()
            .map(|(workspace, workspace_problems)| {
                problems.extend(workspace_problems);
                workspace
            })
            .collect();
        problems.extend(install(server, &mut session, workspaces, false));
    }
    report_problems(server, problems).await;
}

/// Installs new workspaces, opens the open buffers in them and publishes
/// them; returns the problems met opening them.
fn install(
    server: &Server,
    session: &mut Session,
    workspaces: Vec<Workspace>,
    provisional: bool,
) -> Vec<String> {
    let problems = session.install_workspaces(workspaces, provisional);
    jobs::publish_all(server, session);
    // Lenses asked for while the corpus was first indexed were refused.
    if !provisional {
        server.refresh_code_lenses(session.support().code_lens_refresh);
    }
    problems
}

/// How many problems are shown to the user one by one; the rest are
/// counted (all are in the log).
const SHOWN_PROBLEMS: usize = 3;

/// Logs every problem and shows the first few to the user.
pub async fn report_problems(server: &Server, problems: Vec<String>) {
    for problem in &problems {
        tracing::warn!("{problem}");
    }
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        server
            .client
            .show_message(MessageType::WARNING, format!("alama: {problem}"))
            .await;
    }
    if problems.len() > SHOWN_PROBLEMS {
        let more = problems.len() - SHOWN_PROBLEMS;
        server
            .client
            .show_message(
                MessageType::WARNING,
                format!("alama: {more} more problems in the corpus, see the log"),
            )
            .await;
    }
}
