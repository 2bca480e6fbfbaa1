# hearth-cli run, score and bench on a small random-weight model: the --json output has every
# documented field, and bad input is a one-line error with a non-zero exit code.
set(model "${WORK}/cli-model.gguf")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${MAKE_MODEL}" "${model}" --vocab bytes --layers 2 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not write the test model: ${rc}")
endif()

function(expect_error what expected_rc pattern)
    execute_process(COMMAND "${CLI}" ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err
                    RESULT_VARIABLE rc)
    string(STRIP "${err}" err)
    string(FIND "${err}" "\n" newline)
    if(NOT rc EQUAL expected_rc OR NOT err MATCHES "${pattern}" OR NOT newline EQUAL -1)
        message(FATAL_ERROR "${what}: expected exit ${expected_rc} and one line matching "
                            "'${pattern}', got ${rc}: ${err}")
    endif()
endfunction()

# run --json: {"prompt_tokens", "tokens", "text", "reasoning", "pp_tps", "tg_tps", ...}
execute_process(COMMAND "${CLI}" run "${model}" --tokens 72,101,108,108,111 -n 6 --temp 0 --json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run failed (${rc}): ${err}")
endif()
foreach(key prompt_tokens tokens text reasoning pp_tps tg_tps device_bytes)
    string(JSON value ERROR_VARIABLE e GET "${out}" ${key})
    if(e)
        message(FATAL_ERROR "run --json has no '${key}': ${out}")
    endif()
endforeach()
string(JSON generated LENGTH "${out}" tokens)
string(JSON prompt LENGTH "${out}" prompt_tokens)
if(NOT prompt EQUAL 5 OR generated GREATER 6 OR generated LESS 1)
    message(FATAL_ERROR "run --json: ${prompt} prompt tokens and ${generated} generated: ${out}")
endif()
# Greedy twice: the same tokens.
string(JSON first GET "${out}" tokens)
execute_process(COMMAND "${CLI}" run "${model}" --tokens 72,101,108,108,111 -n 6 --temp 0 --json
                OUTPUT_VARIABLE again)
string(JSON second GET "${again}" tokens)
if(NOT first STREQUAL second)
    message(FATAL_ERROR "greedy runs differ: ${first} / ${second}")
endif()

# A text prompt goes through the tokenizer: one token per byte in this vocabulary.
execute_process(COMMAND "${CLI}" run "${model}" --prompt Hello -n 2 --temp 0 --json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(JSON prompt ERROR_VARIABLE e GET "${out}" prompt_tokens)
string(REPLACE " " "" prompt "${prompt}")
string(REPLACE "\n" "" prompt "${prompt}")
if(NOT rc EQUAL 0 OR NOT prompt STREQUAL "[72,101,108,108,111]")
    message(FATAL_ERROR "run --prompt Hello: prompt tokens ${prompt} (${rc}): ${err}")
endif()

# A q8_0 KV cache runs too.
execute_process(COMMAND "${CLI}" run "${model}" --tokens 1,2,3 -n 3 --cache q8_0 --json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(JSON generated ERROR_VARIABLE e LENGTH "${out}" tokens)
if(NOT rc EQUAL 0 OR e OR generated LESS 1)
    message(FATAL_ERROR "run --cache q8_0 failed (${rc}): ${err} ${out}")
endif()

# score: one line per position with the top-k pairs.
execute_process(COMMAND "${CLI}" score "${model}" --tokens 1,2,3,4 --top-k 3
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(STRIP "${out}" out)
string(REPLACE "\n" ";" lines "${out}")
list(LENGTH lines count)
if(NOT rc EQUAL 0 OR NOT count EQUAL 4)
    message(FATAL_ERROR "score: expected 4 lines, got ${count} (${rc}): ${out} ${err}")
endif()
list(GET lines 3 last)
string(JSON pos GET "${last}" pos)
string(JSON k LENGTH "${last}" top)
string(JSON logprob GET "${last}" top 0 1)
if(NOT pos EQUAL 3 OR NOT k EQUAL 3 OR logprob GREATER 0)
    message(FATAL_ERROR "score line: ${last}")
endif()

# bench --json
execute_process(COMMAND "${CLI}" bench "${model}" -p 16 -n 4 -r 1 --json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "bench failed (${rc}): ${err}")
endif()
foreach(key pp_tps tg_tps load_seconds device_bytes)
    string(JSON value GET "${out}" ${key})
    if(value LESS_EQUAL 0)
        message(FATAL_ERROR "bench --json: ${key} = ${value}: ${out}")
    endif()
endforeach()

expect_error("a missing model" 1 "loading nothing.gguf" run "${WORK}/nothing.gguf" --tokens 1)
expect_error("a token list that is not numbers" 2 "not a token id" run "${model}" --tokens 1,x)
expect_error("a token outside the vocabulary" 1 "outside the vocabulary" run "${model}"
             --tokens 1,99999)
expect_error("an unknown option" 2 "unknown" score "${model}" --tokens 1 --bogus)
expect_error("a negative count" 2 "from 0 to" run "${model}" --tokens 1 -n -1)
expect_error("a count that is not finite" 2 "from 0 to" run "${model}" --tokens 1 --ctx nan)
expect_error("an unknown cache type" 2 "f16 or q8_0" run "${model}" --tokens 1 --cache q4)
expect_error("two prompts" 2 "one prompt" run "${model}" --prompt hello --tokens 1)
expect_error("--chat without a text prompt" 2 "one prompt" run "${model}" --chat --tokens 1)
file(WRITE "${WORK}/empty.txt" "")
expect_error("an empty prompt" 2 "empty" run "${model}" --prompt-file "${WORK}/empty.txt")
file(WRITE "${WORK}/not-a-model.gguf" "this is not a GGUF file")
expect_error("a file that is not GGUF" 1 "not-a-model.gguf" run "${WORK}/not-a-model.gguf"
             --tokens 1)
