# Warnings are errors in our own code (never in generated or third-party code).
function(hearth_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wcast-align -Wunused -Woverloaded-virtual -Werror)
endfunction()
