# eventbook_embed_sql(<target> <namespace> <files...>)
# Generates a source that exposes the given migration files, in order, as
#   std::vector<eventbook::db::Migration> <namespace>::migrations();
# so that a service carries its schema inside the binary.
function(eventbook_embed_migrations target ns)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cpp")
  set(body "#include \"eventbook/db/database.hpp\"\nnamespace ${ns} {\nstd::vector<eventbook::db::Migration> migrations() {\n  return {\n")
  foreach(file ${ARGN})
    get_filename_component(name "${file}" NAME_WE)
    string(REGEX MATCH "^V([0-9]+)__" _ "${name}")
    string(REGEX REPLACE "^0+([0-9])" "\\1" version "${CMAKE_MATCH_1}")
    file(READ "${file}" content)
    string(APPEND body "    {${version}, \"${name}\", R\"__sql__(${content})__sql__\"},\n")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  endforeach()
  string(APPEND body "  };\n}\n}  // namespace ${ns}\n")
  file(GENERATE OUTPUT "${out}" CONTENT "${body}")
  target_sources(${target} PRIVATE "${out}")
endfunction()
