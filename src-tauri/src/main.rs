//! `mode-setup`: the command line. With no subcommand it opens the window, which is the
//! `mode-setup-window` program installed beside this one; the checks, `simulate` and `remind`
//! run here without loading any desktop library.
fn main() {
    std::process::exit(mode_setup::cli::main());
}
