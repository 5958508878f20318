//! Who may read the app's files: on Unix the config folder is the owner's alone (0700) and every
//! file the app writes (profiles, lock, reports, calendar files) is created 0600. Windows keeps
//! each user's application data private by default, so nothing changes there.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Makes `dir` readable and enterable by its owner only.
#[cfg(unix)]
pub fn restrict_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(dir)?;
    if metadata.permissions().mode() & 0o777 != 0o700 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Makes `dir` readable and enterable by its owner only.
#[cfg(not(unix))]
pub fn restrict_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Makes an open file readable and writable by its owner only.
#[cfg(unix)]
pub fn restrict_file(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if file.metadata()?.permissions().mode() & 0o777 != 0o600 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Makes an open file readable and writable by its owner only.
#[cfg(not(unix))]
pub fn restrict_file(_file: &File) -> io::Result<()> {
    Ok(())
}

/// Options that create a file for its owner only.
pub fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}
