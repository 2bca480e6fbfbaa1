# Fails when any of our C++ sources differs from what clang-format (with .clang-format) makes.
file(GLOB_RECURSE files
     "${SOURCE_DIR}/inference/*.h" "${SOURCE_DIR}/inference/*.cpp"
     "${SOURCE_DIR}/app/*.h" "${SOURCE_DIR}/app/*.cpp"
     "${SOURCE_DIR}/tests/*.h" "${SOURCE_DIR}/tests/*.cpp")
list(FILTER files EXCLUDE REGEX "/node_modules/")
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run --Werror ${files}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "Formatting drift (fix with clang-format -i):\n${err}")
endif()
list(LENGTH files n)
message(STATUS "format_check: ${n} files clean")
