//! An event log given as a reader (a file the user names) is read at most to
//! `limits.max_log_bytes` and one byte more, whatever size the file claims (issue 14, item 5).

use jiesu::assessment::{read_jsonl_log, tickets_from_jsonl_with_limits};
use jiesu::Limits;

fn small() -> Limits {
    Limits { max_log_bytes: 1_000, ..Limits::default() }
}

/// A reader that counts what is read from it.
struct Counting<R>(R, usize);

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        self.1 += n;
        Ok(n)
    }
}

#[test]
fn an_endless_log_is_read_to_its_limit_and_one_byte_more() {
    let mut endless = Counting(std::io::repeat(b'{'), 0);
    let e = read_jsonl_log(&mut endless, &small()).unwrap().unwrap_err();
    assert!(e.is_limit_exceeded());
    assert_eq!(e.field(), Some("jsonl"));
    assert!(e.message().contains("max_log_bytes"));
    assert_eq!(endless.1, 1_001);
}

#[cfg(unix)]
#[test]
fn dev_zero_reports_size_zero_and_is_read_to_the_limit_only() {
    let zero = std::fs::File::open("/dev/zero").unwrap();
    assert_eq!(zero.metadata().unwrap().len(), 0);
    let mut counted = Counting(zero, 0);
    assert!(read_jsonl_log(&mut counted, &small()).unwrap().unwrap_err().is_limit_exceeded());
    assert_eq!(counted.1, 1_001);
}

#[test]
fn a_log_at_the_limit_is_read_whole() {
    let line = "\n".repeat(1_000);
    let text = read_jsonl_log(line.as_bytes(), &small()).unwrap().unwrap();
    assert_eq!(text, line);
    assert!(tickets_from_jsonl_with_limits(&text, &small()).unwrap().is_empty());
    let over = "\n".repeat(1_001);
    assert!(read_jsonl_log(over.as_bytes(), &small()).unwrap().unwrap_err().is_limit_exceeded());
    // Not UTF-8: a parse error naming the log, not a panic.
    assert!(read_jsonl_log(&[0xFFu8, b'\n'][..], &small()).unwrap().unwrap_err().is_parse());
}

#[test]
fn a_reader_error_is_returned_as_it_is() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    assert_eq!(read_jsonl_log(Failing, &small()).unwrap_err().to_string(), "disk on fire");
}
