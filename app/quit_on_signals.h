// SIGTERM, SIGINT and SIGHUP (a logout, Ctrl+C in a terminal, a closed terminal) quit the app
// through its event loop, as closing the window does: the answer being written reaches the
// history and is marked interrupted, and the window's geometry is saved.
#pragma once

class QCoreApplication;

namespace hearth {

void quitOnTerminationSignals(QCoreApplication& app);

}  // namespace hearth
