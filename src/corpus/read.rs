//! Reading a user's file without hanging, without reading what is not a
//! file, and without reading more than a limit.
//!
//! Between the moment a folder is walked and the moment a file is read, the
//! file can be replaced (by a FIFO, a symlink to a device, a bigger file). So
//! the decision is taken on the *opened handle*, never on a path looked at
//! earlier: open without blocking (`O_NONBLOCK`: opening a FIFO with no
//! writer would otherwise wait forever), `fstat` the handle, read only a
//! regular file that does not live on a kernel pseudo-filesystem (`/proc`,
//! `/sys`: their "regular files" are generated, may be endless, and hold
//! secrets such as `/proc/self/environ`), and never past the cap.
//!
//! Used for report files and for the config file.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Open, stat or read failed (missing, permission denied, path too long…).
    Io(std::io::Error),
    /// A FIFO, socket, device or directory.
    NotRegular(&'static str),
    /// A generated file of a kernel pseudo-filesystem (`/proc`, `/sys`…).
    PseudoFile(&'static str),
    /// Larger than the cap (or grew past it while being read).
    TooLarge { len: u64, cap: u64 },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) if e.raw_os_error() == Some(libc_enametoolong()) => write!(
                f,
                "cannot read: path too long for the system ({e}); move the file higher up"
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind}); not read"),
            ReadError::PseudoFile(fs) => {
                write!(
                    f,
                    "a generated system file ({fs}), not a document; not read"
                )
            }
            ReadError::TooLarge { len, cap } => write!(
                f,
                "file is {:.1} MB, over the {} MB limit; not read",
                *len as f64 / 1_048_576.0,
                cap / 1_048_576
            ),
        }
    }
}

fn libc_enametoolong() -> i32 {
    #[cfg(unix)]
    {
        libc::ENAMETOOLONG
    }
    #[cfg(not(unix))]
    {
        -1
    }
}

/// Read the regular file at `path`, at most `cap` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if let Some(fs) = pseudo_filesystem(&file) {
        return Err(ReadError::PseudoFile(fs));
    }
    let len = meta.len();
    if len > cap {
        return Err(ReadError::TooLarge { len, cap });
    }
    // The file may grow while it is read; never read past the cap.
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge {
            len: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (and
    // is then refused by the fstat below); it changes nothing for a regular
    // file. O_NOCTTY: a terminal device never becomes our controlling one.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// What kind of non-regular file this is, in words.
pub fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// The name of the kernel pseudo-filesystem the open file lives on, if any.
#[cfg(target_os = "linux")]
fn pseudo_filesystem(file: &std::fs::File) -> Option<&'static str> {
    use std::os::fd::AsRawFd;
    let mut st = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: `fstatfs` writes a `statfs` into the buffer and reports
    // whether it did; the descriptor is open for the whole call.
    let st = unsafe {
        if libc::fstatfs(file.as_raw_fd(), st.as_mut_ptr()) != 0 {
            return None;
        }
        st.assume_init()
    };
    // Magic numbers from linux/magic.h.
    const PSEUDO: &[(i64, &str)] = &[
        (0x9fa0, "/proc"),
        (0x6265_6572, "/sys"),
        (0x6462_6720, "debugfs"),
        (0x7472_6163, "tracefs"),
        (0x7365_6366, "securityfs"),
        (0x0027_e0eb, "cgroup"),
        (0x6367_7270, "cgroup2"),
        (0x1cd1, "devpts"),
        (0xcafe_4a11, "bpf"),
        (0x6265_6570, "configfs"),
        (0xde5e_81e4, "efivarfs"),
        (0x6165_676c, "pstore"),
    ];
    #[allow(clippy::unnecessary_cast)] // f_type's width differs by platform
    let t = st.f_type as i64;
    PSEUDO.iter().find(|(m, _)| *m == t).map(|(_, name)| *name)
}

#[cfg(not(target_os = "linux"))]
fn pseudo_filesystem(_file: &std::fs::File) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO between discovery and reading: the read returns at once
    /// (refused), instead of waiting for a writer forever.
    #[cfg(unix)]
    #[test]
    fn fifo_swapped_in_after_discovery_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.txt");
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        let p2 = p.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_regular(&p2, 1 << 20));
        });
        let r = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a FIFO must not block");
        assert!(matches!(r, Err(ReadError::NotRegular("a FIFO"))), "{r:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_files_and_devices_are_not_read() {
        let r = read_regular(Path::new("/proc/self/environ"), 1 << 20);
        assert!(matches!(r, Err(ReadError::PseudoFile("/proc"))), "{r:?}");
        let r = read_regular(Path::new("/dev/zero"), 1 << 20);
        assert!(matches!(r, Err(ReadError::NotRegular("a device"))), "{r:?}");
    }

    #[test]
    fn files_over_the_cap_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("big.toml");
        std::fs::write(&p, vec![b'#'; 2000]).expect("write");
        let r = read_regular(&p, 1000);
        assert!(
            matches!(
                r,
                Err(ReadError::TooLarge {
                    len: 2000,
                    cap: 1000
                })
            ),
            "{r:?}"
        );
        assert_eq!(read_regular(&p, 2000).expect("read").len(), 2000);
    }
}
