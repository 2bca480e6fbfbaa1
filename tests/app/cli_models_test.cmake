# hearth-cli models list, import, verify and rm over a library folder under HEARTH_HOME: models
# described from their headers with a memory fit, a file that is no model listed with its
# error, an import from elsewhere, SHA-256 checks, deletion only with --yes, and the catalog.
# Inputs: CLI, MAKE_MODEL, WORK.
file(REMOVE_RECURSE "${WORK}")
set(folder "${WORK}/data/models")
file(MAKE_DIRECTORY "${folder}" "${WORK}/elsewhere")
set(ENV{HEARTH_HOME} "${WORK}")

function(make_model path)
    execute_process(COMMAND "${MAKE_MODEL}" "${path}" --vocab bytes --layers 1 --hidden 64
                            --heads 2 --kv-heads 1 --ffn 64 RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "could not write ${path}: ${err}")
    endif()
endfunction()

function(run_cli expected_code out_var)
    execute_process(COMMAND "${CLI}" models ${ARGN}
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT code EQUAL expected_code)
        message(FATAL_ERROR "hearth-cli models ${ARGN}: exit ${code}, expected ${expected_code}\n${out}\n${err}")
    endif()
    if(expected_code EQUAL 0)
        set(${out_var} "${out}" PARENT_SCOPE)
    else()
        set(${out_var} "${err}" PARENT_SCOPE)
    endif()
endfunction()

make_model("${folder}/a-tiny.gguf")
file(WRITE "${folder}/b-notes.gguf" "not a model")
file(WRITE "${folder}/.c-tiny.gguf.part" "an import in progress")

run_cli(0 out list --json --ctx 2048)
string(JSON count LENGTH "${out}")
if(NOT count EQUAL 2)
    message(FATAL_ERROR "expected two entries (the .part file is hidden):\n${out}")
endif()
string(JSON arch GET "${out}" 0 architecture)
string(JSON params GET "${out}" 0 parameters)
string(JSON context GET "${out}" 0 context_length)
string(JSON mix_type GET "${out}" 0 quant_mix 0 type)
string(JSON verdict GET "${out}" 0 fit verdict)
string(JSON needed GET "${out}" 0 fit needed_bytes)
string(JSON fit_context GET "${out}" 0 fit context)
string(JSON error GET "${out}" 1 error)
if(NOT arch STREQUAL "qwen2" OR params LESS 1000 OR NOT context EQUAL 4096
   OR mix_type STREQUAL "" OR NOT verdict STREQUAL "fits" OR needed LESS 1000
   OR NOT fit_context EQUAL 2048 OR error STREQUAL "")
    message(FATAL_ERROR "models list --json is wrong:\n${out}")
endif()
run_cli(0 out list)
string(FIND "${out}" "fits on" at)
if(at EQUAL -1)
    message(FATAL_ERROR "models list shows no memory fit:\n${out}")
endif()

# Import from elsewhere: the copy is listed; the source stays.
make_model("${WORK}/elsewhere/c-tiny.gguf")
run_cli(0 out import "${WORK}/elsewhere/c-tiny.gguf")
string(STRIP "${out}" imported)
if(NOT imported STREQUAL "${folder}/c-tiny.gguf" OR NOT EXISTS "${WORK}/elsewhere/c-tiny.gguf")
    message(FATAL_ERROR "import printed '${out}'")
endif()
run_cli(1 out import "${folder}/b-notes.gguf")

# Verify: the printed hash is the file's; --sha256 must match.
file(SHA256 "${folder}/c-tiny.gguf" sha)
run_cli(0 out verify c-tiny.gguf)
string(FIND "${out}" "${sha}  ${folder}/c-tiny.gguf" at)
if(at EQUAL -1)
    message(FATAL_ERROR "verify printed:\n${out}\nexpected ${sha}")
endif()
run_cli(0 out verify c-tiny.gguf --sha256 ${sha})
string(REPLACE "0" "1" wrong "${sha}")
if(wrong STREQUAL sha)
    string(REPLACE "a" "b" wrong "${sha}")
endif()
run_cli(1 out verify c-tiny.gguf --sha256 ${wrong})
run_cli(1 out verify b-notes.gguf)
run_cli(2 out verify c-tiny.gguf --sha256 xyz)

# Deleting needs --yes, and only touches the folder's own models.
run_cli(1 out rm c-tiny.gguf)
string(FIND "${out}" "--yes" at)
if(at EQUAL -1 OR NOT EXISTS "${folder}/c-tiny.gguf")
    message(FATAL_ERROR "rm without --yes: ${out}")
endif()
run_cli(1 out rm "${WORK}/elsewhere/c-tiny.gguf" --yes)
run_cli(0 out rm c-tiny.gguf --yes)
if(EXISTS "${folder}/c-tiny.gguf" OR NOT EXISTS "${WORK}/elsewhere/c-tiny.gguf")
    message(FATAL_ERROR "rm removed the wrong file")
endif()
# The built-in catalog: seven models, each quantization with its URLs and a fit.
run_cli(0 out catalog --json --ctx 8192)
string(JSON models LENGTH "${out}" models)
string(JSON first_url GET "${out}" models 0 quantizations 0 files 0 url)
string(JSON fit GET "${out}" models 0 quantizations 0 fit)
string(JSON context GET "${out}" context)
if(NOT models EQUAL 7 OR NOT first_url MATCHES "^https://huggingface.co/.+/resolve/main/.+[.]gguf$"
   OR fit STREQUAL "" OR NOT context EQUAL 8192)
    message(FATAL_ERROR "models catalog --json is wrong:\n${out}")
endif()

run_cli(2 out frobnicate)
