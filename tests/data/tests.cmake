# test_hdf5 writes HDF5 files of every element type the reader handles, through the C API.
target_include_directories(data_hdf5 SYSTEM PRIVATE ${TAPEGRAD_HDF5_INCLUDE_DIRS})
target_link_libraries(data_hdf5 PRIVATE ${TAPEGRAD_HDF5_LINK_LIBRARIES})
