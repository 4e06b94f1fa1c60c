//! Running third-party extraction code without letting it crash or hang the program.
//!
//! pdf-extract and lopdf panic on inputs they do not expect (unknown CMaps, colour spaces,
//! malformed objects). Every call into them runs on a named worker thread under
//! `catch_unwind`, and a process-wide panic hook (installed once) keeps those panics silent:
//! a panic becomes an [`InputError`], never a message on stderr. The caller waits at most
//! the configured timeout; a worker that overruns is abandoned (threads cannot be killed)
//! and checks the deadline itself between pages so that it ends soon after.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Once;
use std::time::Duration;

use super::{ErrorKind, InputError};

/// Name prefix of the threads whose panics are silenced.
pub(crate) const WORKER_PREFIX: &str = "gouji-extract";

/// Source paths of the crates whose panics are expected and turned into errors. A panic
/// raised inside them on another thread (lopdf parses objects on rayon's pool) is silenced too.
const QUIET_CRATES: &[&str] = &[
    "/lopdf-",
    "/pdf-extract-",
    "/vendor/pdf-extract/",
    "/adobe-cmap-parser-",
    "/cff-parser-",
    "/type1-encoding-parser-",
    "/euclid-",
    "/postscript-",
    "/zip-",
    "/quick-xml-",
    "/flate2-",
    "/miniz_oxide-",
    "/weezl-",
    "/encoding_rs-",
];

static HOOK: Once = Once::new();

thread_local! {
    /// Where the last silenced panic on this thread happened (`file:line`), for messages.
    static LAST_LOCATION: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that stays quiet for extraction panics and defers to the
/// previous hook for everything else.
pub(crate) fn install_quiet_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let on_worker = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with(WORKER_PREFIX));
            let in_quiet_crate = info.location().is_some_and(|l| {
                QUIET_CRATES
                    .iter()
                    .any(|c| l.file().replace('\\', "/").contains(c))
            });
            if on_worker || in_quiet_crate {
                let at = info.location().map(|l| {
                    let file = l.file().replace('\\', "/");
                    // Keep the crate and file: ".../pdf-extract-0.12.1/src/lib.rs" → "pdf-extract-0.12.1/src/lib.rs".
                    let mut parts: Vec<&str> = file.rsplit('/').take(3).collect();
                    parts.reverse();
                    let short = parts.join("/");
                    format!("{short}:{}", l.line())
                });
                LAST_LOCATION.with(|c| *c.borrow_mut() = at);
                return;
            }
            previous(info);
        }));
    });
}

/// The text of a panic payload.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs `f`, turning a panic into `Err(message)` (with where it happened, when known).
/// Use on a worker thread only.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    LAST_LOCATION.with(|c| *c.borrow_mut() = None);
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let msg = panic_message(p.as_ref());
        match LAST_LOCATION.with(|c| c.borrow_mut().take()) {
            Some(at) => format!("{msg} at {at}"),
            None => msg,
        }
    })
}

fn timeout_error(timeout: Duration) -> InputError {
    let secs = timeout.as_secs_f64();
    InputError::new(
        ErrorKind::Timeout,
        format!("读取超时：超过 {secs:.0} 秒仍未完成"),
        format!("reading timed out after {secs:.0} s"),
    )
}

fn panic_error(msg: &str) -> InputError {
    InputError::new(
        ErrorKind::Unsupported,
        format!("文件结构不受支持，无法读取（内部错误：{msg}）"),
        format!("unsupported file structure, cannot be read (internal error: {msg})"),
    )
}

/// Runs `job` on a named worker thread with a large stack, waiting at most `timeout`.
pub(crate) fn run_with_deadline<T, F>(timeout: Duration, job: F) -> Result<T, InputError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, InputError> + Send + 'static,
{
    install_quiet_hook();
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("{WORKER_PREFIX}-worker"))
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let result = match catch(job) {
                Ok(r) => r,
                Err(msg) => Err(panic_error(&msg)),
            };
            // The receiver may be gone after a timeout: nothing to do then.
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(InputError::new(
            ErrorKind::Io,
            format!("无法启动读取线程：{e}"),
            format!("cannot start the reading thread: {e}"),
        ));
    }
    match rx.recv_timeout(timeout) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(timeout_error(timeout)),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(panic_error("worker ended without a result"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_panic_becomes_error() {
        let r: Result<(), InputError> = run_with_deadline(Duration::from_secs(5), || {
            panic!("unsupported encoding UniGB-UCS2-H")
        });
        let e = r.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unsupported);
        assert!(e.message_en.contains("UniGB-UCS2-H"));
    }

    #[test]
    fn slow_job_times_out() {
        let r: Result<(), InputError> = run_with_deadline(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(400));
            Ok(())
        });
        assert_eq!(r.unwrap_err().kind, ErrorKind::Timeout);
    }
}
