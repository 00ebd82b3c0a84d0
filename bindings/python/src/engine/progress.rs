//! The `progress` argument of `Engine`'s long calls (`assess`, `assess_records`, `records`).

use pyo3::prelude::*;

/// A Python `progress` argument forwarded to the core's progress callbacks: `None`, a callable
/// `progress(done, total)` or `True` (a tqdm bar per phase), as `jiesu._frames.progress_of`
/// makes it. The callbacks run without the GIL and take it for each report; the first exception
/// the callable raises stops the reports and is raised by [`Progress::finish`].
pub(super) struct Progress {
    report: Option<Py<PyAny>>,
    error: Option<PyErr>,
}

impl Progress {
    pub(super) fn new(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>) -> PyResult<Progress> {
        let report = match progress {
            None => None,
            Some(p) => Some(py.import("jiesu._frames")?.call_method1("progress_of", (p,))?).filter(|r| !r.is_none()).map(Bound::unbind),
        };
        Ok(Progress { report, error: None })
    }

    /// The core's callback for one phase of the call (`replay`, `assess`).
    pub(super) fn phase<'a>(&'a mut self, name: &'static str) -> impl FnMut(usize, usize) + 'a {
        move |done, total| {
            if let (Some(r), None) = (&self.report, &self.error) {
                self.error = Python::attach(|py| r.call1(py, (name, done, total)).err());
            }
        }
    }

    pub(super) fn finish(self) -> PyResult<()> {
        self.error.map_or(Ok(()), Err)
    }
}
